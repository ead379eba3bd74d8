using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPaas.Access;
using OrleansPaas.Apps;
using OrleansPaas.Contracts.Apps;
using OrleansPaas.Contracts.Releases;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;

using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>apps:list|create|info|destroy</c> and <c>releases</c>.</summary>
public static class AppsEndpoints
{
    public static RouteGroupBuilder MapApps(this RouteGroupBuilder api)
    {
        api.MapGet("/apps", ListAsync).WithName("ListApps");
        api.MapPost("/apps", CreateAsync).WithName("CreateApp");
        api.MapGet("/apps/{app}", InfoAsync).WithName("GetApp");
        api.MapDelete("/apps/{app}", DestroyAsync).WithName("DestroyApp").WithMetadata(RequiresRole.Admin);
        api.MapGet("/apps/{app}/releases", ReleasesAsync).WithName("ListReleases");
        api.MapPost("/apps/{app}/releases/rollback", RollbackAsync).WithName("Rollback");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, IGrainFactory grains, IOptions<PaasOptions> options)
    {
        // A token limited to some apps sees only those.
        var principal = AccessCheck.PrincipalOf(http);
        var names = (await grains.GetGrain<IAppRegistryGrain>(0).ListAsync()).Where(principal.Covers);
        var infos = await Task.WhenAll(names.Select(n => grains.GetGrain<IAppGrain>(n).GetInfoAsync()));
        return Results.Ok(infos.Where(i => i.Exists).Select(i => ApiViews.Summary(i, options.Value.NormalizedDomain)).ToList());
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateAppRequest request, IGrainFactory grains, IOptions<PaasOptions> options)
    {
        if (!AppHandle.TryResolve(request.Name ?? "", grains, out var app, out var problem))
        {
            return problem;
        }

        // The app is named in the body, so the route's role check could not see it.
        RequestAudit.Of(http).App = app.Name.Value;
        if (AccessCheck.Refusal(http, AccessNeed.Deploy(app.Name.Value)) is { } refused)
        {
            return refused;
        }

        var result = await app.Grain.CreateAsync();
        return result.Succeeded
            ? Results.Created($"/api/apps/{app.Name}", ApiViews.Details(result.App!, options.Value.NormalizedDomain))
            : ApiResults.From(result, _ => new object());
    }

    private static async Task<IResult> InfoAsync(string app, IGrainFactory grains, IOptions<PaasOptions> options, ClusterNodes nodes)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var (info, missing) = await handle.InfoAsync();
        if (missing is not null)
        {
            return missing;
        }

        // Disk use is a fact of the nodes' engines, not something the grain owns: summed over the live nodes.
        var perNode = await Task.WhenAll(nodes.Live().Select(node => grains.Node(node).ImageBytesAsync(handle.Name.Value)));
        var imageBytes = perNode.Sum();
        return Results.Ok(ApiViews.Details(info!, options.Value.NormalizedDomain, imageBytes));
    }

    private static async Task<IResult> RollbackAsync(string app, RollbackRequest? request, IGrainFactory grains, IOptions<PaasOptions> options)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        if (request?.Version is < 1)
        {
            return ApiResults.Invalid("version", "version must be 1 or more");
        }

        var result = await handle.Grain.RollbackAsync(request?.Version);
        return ApiResults.From(result, info => ApiViews.Details(info, options.Value.NormalizedDomain));
    }

    private static async Task<IResult> DestroyAsync(string app, string? confirm, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        if (confirm != handle.Name.Value)
        {
            return ApiResults.Invalid("confirm", $"destroying '{handle.Name}' removes its containers, images, repository and state; repeat the app name in ?confirm= to go ahead");
        }

        var result = await handle.Grain.DestroyAsync();
        return result.Succeeded ? Results.NoContent() : ApiResults.From(result, _ => new object());
    }

    private static async Task<IResult> ReleasesAsync(string app, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var (info, missing) = await handle.InfoAsync();
        return missing ?? Results.Ok(info!.Releases
            .OrderByDescending(r => r.Version)
            .Select(r => ApiViews.Release(r, info.CurrentRelease?.Version))
            .ToList());
    }
}
