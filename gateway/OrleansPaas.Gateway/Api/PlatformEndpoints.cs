using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.NodeServices.Backup;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// <c>paas platform:backup</c>: the node's whole-platform archive, streamed as it is written (never
/// held in memory or on the node's disk as a whole). It holds every secret the platform keeps, so it
/// is the admin token's alone, as the whole API is.
/// </summary>
public static class PlatformEndpoints
{
    public static RouteGroupBuilder MapPlatform(this RouteGroupBuilder api)
    {
        // The archive holds every secret of the platform: admin only, though it is a GET.
        api.MapGet("/platform/backup", BackupAsync).WithName("BackupPlatform").WithMetadata(RequiresRole.Admin);
        return api;
    }

    private static async Task BackupAsync(HttpContext context, bool? images, [FromServices] IPlatformBackup backup)
    {
        context.Response.ContentType = "application/gzip";
        context.Response.Headers.ContentDisposition =
            $"attachment; filename=\"orleanspaas-backup-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.tar.gz\"";
        context.Response.Headers.CacheControl = "no-store";
        try
        {
            await backup.WriteAsync(context.Response.Body, images ?? false, context.RequestAborted);
        }
        catch (BackupProblemException problem) when (!context.Response.HasStarted)
        {
            // Refused before the first byte (a cluster, no database): an answer, not a broken archive.
            context.Response.Headers.ContentDisposition = default;
            await Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot back up", detail: problem.Message).ExecuteAsync(context);
        }
        catch (Exception) when (context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            // Half an archive must not look like a whole one: the connection is cut, so the client
            // sees an error (and a restore of what arrived would find no manifest).
            context.Abort();
            throw;
        }
    }
}
