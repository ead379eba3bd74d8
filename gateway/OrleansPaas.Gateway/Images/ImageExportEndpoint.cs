using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Configuration.Credentials;

namespace OrleansPaas.Gateway.Images;

/// <summary>
/// <c>GET /internal/images/{reference}</c> on the internal listener: another node fetches an image
/// from this one (there is no registry). The answer is the engine's <c>docker save</c> tarball,
/// streamed as the engine writes it.
/// </summary>
public static class ImageExportEndpoint
{
    public static IEndpointRouteBuilder MapImageExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ImageTransferPaths.Route, ExportAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, string reference, NodeCredential credential, ImageExportPolicy policy, ImageExport export)
    {
        // Only another node, proving itself with the cluster certificate on the internal listener
        // (which refuses any other in the handshake). The admin token counts for nothing here: it is
        // never sent between nodes, and on the control port no client certificate is ever asked for.
        if (!credential.Admits(context.Connection.ClientCertificate))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "images move only between nodes: on Paas:Cluster:InternalPort, with the cluster certificate as client certificate");
        }

        // Decoded exactly once, from the path as sent: the server's own decoding keeps %2F (and turns
        // %25 into %), so decoding its result again would let %252F become a '/'. Without the raw
        // path the server's result is taken as it is: a '%' left in it is not in the grammar.
        reference = RawReference(context) is { } raw ? Uri.UnescapeDataString(raw) : reference;
        switch (policy.Decide(reference))
        {
            case ImageExportDecision.Malformed:
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                    detail: $"'{reference}' is not an image reference (repository path components of a-z and 0-9 joined by '.', '_' or '-', then ':' and a tag)");
            case ImageExportDecision.NotThePlatforms:
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                    detail: $"'{reference}' is not an image of the platform; only paas/<app>:<tag> images and the configured stack images are exported");
        }

        var tarball = await export.OpenAsync(reference, context.RequestAborted);
        if (tarball is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"the image '{reference}' is not on this node");
        }

        // Results.Stream copies in chunks and disposes the engine's stream at the end.
        return Results.Stream(tarball, "application/x-tar");
    }

    /// <summary>The reference as it stood in the request line (still escaped), or null when the server did not keep it.</summary>
    private static string? RawReference(HttpContext context)
    {
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        var query = raw.IndexOf('?');
        var path = query < 0 ? raw : raw[..query];
        return path.StartsWith(ImageTransferPaths.Prefix, StringComparison.OrdinalIgnoreCase) ? path[ImageTransferPaths.Prefix.Length..] : null;
    }
}
