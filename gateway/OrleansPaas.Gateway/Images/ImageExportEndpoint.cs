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

        // The server decodes the path except %2F (it would change the segments), so that is decoded
        // here; a reference never contains '%', so decoding once more cannot change its meaning.
        reference = Uri.UnescapeDataString(reference);
        if (!policy.IsExportable(reference))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"'{reference}' is not an image of the platform; only paas/ images and the configured stack images are exported");
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
}
