using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Access;
using OrleansPaas.Apps;
using OrleansPaas.Contracts.Services;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.Services;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>services:create|link|unlink|list|info|logs|destroy</c>: backing services (PostgreSQL, Redis) beside the apps.</summary>
public static class ServicesEndpoints
{
    // A service is shared by whichever apps link it and its URL carries its password: a credential
    // limited to some apps neither sees nor changes services.
    private static readonly RequiresRole Look = new(PaasRole.Read, EveryApp: true);
    private static readonly RequiresRole Change = new(PaasRole.Admin, EveryApp: true);

    public static RouteGroupBuilder MapServices(this RouteGroupBuilder api)
    {
        api.MapGet("/services", ListAsync).WithName("ListServices").WithMetadata(Look);
        api.MapPost("/services", CreateAsync).WithName("CreateService").WithMetadata(Change);
        api.MapGet("/services/{name}", InfoAsync).WithName("GetService").WithMetadata(Look);
        api.MapDelete("/services/{name}", DestroyAsync).WithName("DestroyService").WithMetadata(Change);
        api.MapPut("/services/{name}/links/{app}", LinkAsync).WithName("LinkService").WithMetadata(Change);
        api.MapDelete("/services/{name}/links/{app}", UnlinkAsync).WithName("UnlinkService").WithMetadata(Change);
        api.MapGet("/services/{name}/logs", LogsAsync).WithName("GetServiceLogs").WithMetadata(Look);
        return api;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var entries = await grains.GetGrain<IServiceRegistryGrain>(0).ListAsync();
        var infos = await Task.WhenAll(entries.Select(e => grains.GetGrain<IServiceGrain>(e.Name).GetInfoAsync()));
        return Results.Ok(infos.OfType<ServiceInfo>().Select(i => View(i)).ToList());
    }

    private static async Task<IResult> CreateAsync(CreateServiceRequest request, IGrainFactory grains) =>
        ServiceName.Problem(request.Name) is { } problem
            ? ApiResults.Invalid("name", problem)
            : From(await grains.GetGrain<IServiceGrain>(request.Name!).CreateAsync(request.Kind ?? "", request.Version));

    private static async Task<IResult> InfoAsync(string name, IGrainFactory grains) =>
        ServiceName.Problem(name) is { } problem ? ApiResults.Invalid("name", problem)
        : await grains.GetGrain<IServiceGrain>(name).GetInfoAsync() is { } info ? Results.Ok(View(info, await LastBackupAsync(name, grains)))
        : ApiResults.NotFound($"service '{name}' does not exist");

    /// <summary>The newest backup, whatever its verification said: a failed one is shown, never hidden behind an older good one.</summary>
    private static async Task<ServiceBackupView?> LastBackupAsync(string name, IGrainFactory grains) =>
        (await grains.GetGrain<IServiceBackupsGrain>(name).ListBackupsAsync())?.FirstOrDefault() is { } newest ? ServiceBackupViews.View(newest) : null;

    private static async Task<IResult> DestroyAsync(string name, bool? force, IGrainFactory grains) =>
        ServiceName.Problem(name) is { } problem
            ? ApiResults.Invalid("name", problem)
            : From(await grains.GetGrain<IServiceGrain>(name).DestroyAsync(force ?? false));

    private static async Task<IResult> LinkAsync(string name, string app, HttpContext context, IGrainFactory grains)
    {
        if (ServiceName.Problem(name) is { } problem)
        {
            return ApiResults.Invalid("name", problem);
        }

        // The body is optional: without it the kind's usual variable is set.
        // (a client may stream it without a length: its content type says it is there)
        var request = context.Request.ContentLength is not 0 && context.Request.HasJsonContentType()
            ? await context.Request.ReadFromJsonAsync(OrleansPaas.Contracts.PaasJsonContext.Default.LinkServiceRequest, context.RequestAborted)
            : null;
        return From(await grains.GetGrain<IServiceGrain>(name).LinkAsync(app, request?.As));
    }

    private static async Task<IResult> UnlinkAsync(string name, string app, IGrainFactory grains) =>
        ServiceName.Problem(name) is { } problem
            ? ApiResults.Invalid("name", problem)
            : From(await grains.GetGrain<IServiceGrain>(name).UnlinkAsync(app));

    private static async Task LogsAsync(HttpContext context, string name, int? lines, bool? follow, IGrainFactory grains)
    {
        var refusal = ServiceName.Problem(name) is { } problem ? ApiResults.Invalid("name", problem)
            : lines is < 0 or > 100_000 ? ApiResults.Invalid("lines", "lines must be between 0 and 100000")
            : null;
        var info = refusal is null ? await grains.GetGrain<IServiceGrain>(name).GetInfoAsync() : null;
        refusal ??= info is null ? ApiResults.NotFound($"service '{name}' does not exist") : null;
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        var node = grains.GetGrain<IServiceNodeGrain>(info!.Node);
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.StartAsync(context.RequestAborted);
        try
        {
            var output = follow == true
                ? node.FollowAsync(name, lines ?? 100, context.RequestAborted)
                : (await node.TailAsync(name, lines ?? 100)).ToAsyncEnumerable();
            await foreach (var line in output.WithCancellation(context.RequestAborted))
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client stopped following.
        }
    }

    internal static IResult From(ServiceCommandResult result) => result.Status switch
    {
        AppCommandStatus.Ok => Results.Ok(View(result.Service!)),
        AppCommandStatus.NotFound => ApiResults.NotFound(result.Error!),
        AppCommandStatus.Invalid => ApiResults.Invalid(result.Field ?? "request", result.Error!),
        AppCommandStatus.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Error),
        _ => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Could not be carried out", detail: result.Error),
    };

    private static ServiceView View(ServiceInfo info, ServiceBackupView? lastBackup = null) => new(info.Name, info.Kind.Name(), info.Image, info.Version, info.Node,
        info.Status, info.Volume, info.Host, info.Port, info.Links.Select(l => new ServiceLinkView(l.App, l.Variable)).ToList(), info.CreatedAt, lastBackup);
}
