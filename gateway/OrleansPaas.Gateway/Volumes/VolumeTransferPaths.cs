namespace OrleansPaas.Gateway.Volumes;

/// <summary>The internal listener's route an app's volume is served on (<c>storage:move</c>); one place for the server and the client.</summary>
public static class VolumeTransferPaths
{
    public const string Prefix = "/internal/volumes/";

    public const string Route = Prefix + "{app}/{volume}";

    /// <param name="image">The image the serving node makes its copying container from (the app's release, which it holds).</param>
    public static Uri For(Uri sourceUrl, string app, string volume, string image) =>
        new(sourceUrl, $"{Prefix}{Uri.EscapeDataString(app)}/{Uri.EscapeDataString(volume)}?image={Uri.EscapeDataString(image)}");
}
