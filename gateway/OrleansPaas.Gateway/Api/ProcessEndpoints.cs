using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Apps;
using OrleansPaas.Contracts.Processes;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>ps:scale|report|stop|start|restart|set</c>.</summary>
public static class ProcessEndpoints
{
    public static RouteGroupBuilder MapProcesses(this RouteGroupBuilder api)
    {
        api.MapGet("/apps/{app}/ps", ReportAsync).WithName("GetProcesses");
        api.MapPut("/apps/{app}/formation", ScaleAsync).WithName("Scale");
        api.MapPost("/apps/{app}/ps/stop", (string app, IGrainFactory grains) => RunAsync(app, grains, g => g.StopAsync())).WithName("Stop");
        api.MapPost("/apps/{app}/ps/start", (string app, IGrainFactory grains) => RunAsync(app, grains, g => g.StartAsync())).WithName("Start");
        api.MapPost("/apps/{app}/ps/restart", (string app, IGrainFactory grains) => RunAsync(app, grains, g => g.RestartAsync())).WithName("Restart");
        api.MapPut("/apps/{app}/ps/settings/{key}", SetAsync).WithName("SetProcessSetting");
        return api;
    }

    /// <summary>Dokku's <c>ps:set APP KEY [VALUE]</c>: <c>sleep-after</c> (30s, 15m, 2h, off) and <c>sleep-page</c> (on, off); no value: the default.</summary>
    private static Task<IResult> SetAsync(string app, string key, ProcessSettingRequest request, IGrainFactory grains)
    {
        if (ProcessSettings.Parse(key, request.Value, out var settings) is { } error)
        {
            return Task.FromResult(ApiResults.Invalid(key, error));
        }

        return RunAsync(app, grains, g => g.SetSleepAsync(settings!));
    }

    private static async Task<IResult> ReportAsync(string app, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var (info, missing) = await handle.InfoAsync();
        return missing ?? Results.Ok(ApiViews.Processes(info!));
    }

    private static Task<IResult> ScaleAsync(string app, Dictionary<string, int> formation, IGrainFactory grains) =>
        formation.Count == 0
            ? Task.FromResult(ApiResults.Invalid("formation", "give at least one process type and count, e.g. {\"web\":2}"))
            : RunAsync(app, grains, g => g.ScaleAsync(formation));

    private static async Task<IResult> RunAsync(string app, IGrainFactory grains, Func<IAppGrain, Task<AppCommandResult>> command)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        return ApiResults.From(await command(handle.Grain), ApiViews.Processes);
    }
}
