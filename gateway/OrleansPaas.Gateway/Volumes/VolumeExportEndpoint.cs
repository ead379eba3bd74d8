using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Configuration.Credentials;
using OrleansPaas.Gateway.Images;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Gateway.Volumes;

/// <summary>
/// <c>GET /internal/volumes/{app}/{volume}</c> on the internal listener: the node an app's storage
/// moves to (<c>storage:move</c>) fetches the volume's files from this one as a tar, streamed as the
/// engine writes it. Beside the image export, with the same rule: only another node, by the cluster
/// certificate, and only what the platform owns (an app's own labelled volume, never a service's).
/// </summary>
public static class VolumeExportEndpoint
{
    public static IEndpointRouteBuilder MapVolumeExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(VolumeTransferPaths.Route, ExportAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, string app, string volume, string? image, NodeCredential credential,
        ImageExportPolicy policy, VolumeArchives archives)
    {
        if (!credential.Admits(context.Connection.ClientCertificate))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "volumes move only between nodes: on Paas:Cluster:InternalPort, with the cluster certificate as client certificate");
        }

        if (!AppName.TryParse(app, out var name, out var error) || StoragePaths.VolumeNameRefusal(volume) is { } refused)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: error ?? StoragePaths.VolumeNameRefusal(volume));
        }

        if (image is null || policy.Decide(image) != ImageExportDecision.Exportable)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                detail: $"'{image}' is not an image of the platform to copy the volume with");
        }

        var tar = await archives.OpenExportAsync(name, volume, image, context.RequestAborted);
        return tar is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"app '{app}' has no volume '{volume}' on this node")
            : Results.Stream(tar, "application/x-tar");
    }
}
