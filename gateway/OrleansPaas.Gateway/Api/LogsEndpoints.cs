using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>logs [-n N] [-t]</c>: the output of all of an app's instances, also earlier ones, prefixed with instance and release.</summary>
public static class LogsEndpoints
{
    public static RouteGroupBuilder MapLogs(this RouteGroupBuilder api)
    {
        api.MapGet("/apps/{app}/logs", StreamAsync).WithName("GetLogs");
        return api;
    }

    private static async Task StreamAsync(HttpContext context, string app, int? lines, bool? follow, IGrainFactory grains, ClusterLogs logs)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            await problem.ExecuteAsync(context);
            return;
        }

        // Each node keeps the output of the instances it ran; an unknown app is refused before any is read.
        var (_, missing) = await handle.InfoAsync();
        if (missing is not null)
        {
            await missing.ExecuteAsync(context);
            return;
        }

        if (lines is < 0 or > 100_000)
        {
            await ApiResults.Invalid("lines", "lines must be between 0 and 100000").ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.StartAsync(context.RequestAborted);
        try
        {
            await foreach (var line in logs.ReadAsync(handle.Name, lines ?? 100, follow ?? false, context.RequestAborted))
            {
                await context.Response.WriteAsync(ClusterLogs.Format(line) + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client stopped following.
        }
    }
}
