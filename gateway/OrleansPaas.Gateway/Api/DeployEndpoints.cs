using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPaas.Builds;
using OrleansPaas.Contracts.Deploys;
using OrleansPaas.Gateway.Builds;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>git:from-image</c> (deploy a prebuilt image, log streamed as NDJSON) and <c>repo:purge-cache</c>.</summary>
public static class DeployEndpoints
{
    public static RouteGroupBuilder MapDeploys(this RouteGroupBuilder api)
    {
        api.MapPost("/apps/{app}/deploy-image", DeployImageAsync).WithName("DeployImage");
        api.MapDelete("/apps/{app}/cache", PurgeCacheAsync).WithName("PurgeBuildCache");
        return api;
    }

    private static async Task DeployImageAsync(HttpContext context, string app, DeployImageRequest request, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var image = request.Image?.Trim();
        if (string.IsNullOrEmpty(image) || image.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || image.StartsWith('-'))
        {
            await ApiResults.Invalid("image", "give the image to deploy, e.g. {\"image\":\"registry/name:tag\"}").ExecuteAsync(context);
            return;
        }

        var (_, missing) = await handle.InfoAsync();
        if (missing is not null)
        {
            await missing.ExecuteAsync(context);
            return;
        }

        var ticket = await handle.Grain.EnqueueImageDeployAsync(image);
        await JobLogNdjson.WriteAsync(context, BuildLogFollower.FollowAsync(handle.Grain, ticket.BuildId, context.RequestAborted), json.Value.SerializerOptions);
    }

    private static async Task<IResult> PurgeCacheAsync(string app, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var result = await handle.Grain.PurgeBuildCacheAsync();
        return result.Succeeded ? Results.NoContent() : ApiResults.From(result, _ => new object());
    }
}
