namespace OrleansPaas.Gateway.Images;

/// <summary>The internal listener's route images are served on; one place for the server and the client.</summary>
public static class ImageTransferPaths
{
    /// <summary>A catch-all, so both <c>paas%2Fblog%3Av3</c> and a bare <c>paas/blog:v3</c> match.</summary>
    public const string Route = Prefix + "{**reference}";

    public const string Prefix = "/internal/images/";

    /// <summary>The reference is one path segment, so <c>/</c> and <c>:</c> are escaped.</summary>
    public static Uri For(Uri sourceUrl, string reference) =>
        new(sourceUrl, Prefix + Uri.EscapeDataString(reference));
}
