using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Contracts.Processes;
using OrleansPaas.Gateway.Auth;

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
        // Extra privileges are the admin's: a literal segment wins over {key}, so these two never reach SetAsync.
        api.MapPut("/apps/{app}/ps/settings/" + ExtraPrivileges.CapAddKey, (string app, ProcessSettingRequest request, IGrainFactory grains) =>
            SetPrivilegeAsync(app, ExtraPrivileges.CapAddKey, request.Value, grains)).WithName("SetCapAdd").WithMetadata(RequiresRole.Admin);
        api.MapPut("/apps/{app}/ps/settings/" + ExtraPrivileges.DeviceKey, (string app, ProcessSettingRequest request, IGrainFactory grains) =>
            SetPrivilegeAsync(app, ExtraPrivileges.DeviceKey, request.Value, grains)).WithName("SetDevice").WithMetadata(RequiresRole.Admin);
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

    /// <summary>
    /// <c>ps:set APP cap-add NET_ADMIN</c> / <c>ps:set APP device /dev/net/tun</c> add one from the allow-list;
    /// a leading <c>-</c> removes it; no value removes them all. Applied from the next deploy or restart on.
    /// </summary>
    private static async Task<IResult> SetPrivilegeAsync(string app, string key, string? value, IGrainFactory grains)
    {
        var capability = key == ExtraPrivileges.CapAddKey;
        if (string.IsNullOrWhiteSpace(value))
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

            var all = capability ? info!.Attachments?.Capabilities ?? [] : info!.Attachments?.Devices ?? [];
            var kind = capability ? AttachmentChangeKind.RemoveCapability : AttachmentChangeKind.RemoveDevice;
            AppCommandResult result = AppCommandResult.Ok(info);
            foreach (var one in all)
            {
                result = await handle.Grain.ChangeAttachmentsAsync(new AttachmentChange(kind, Value: one));
            }

            return ApiResults.From(result, ApiViews.Processes);
        }

        var remove = value.StartsWith('-');
        var given = remove ? value[1..] : value;
        var named = given;
        var refused = capability ? ExtraPrivileges.CapabilityRefusal(given, out named) : ExtraPrivileges.DeviceRefusal(given);
        if (refused is not null)
        {
            return ApiResults.Invalid(key, refused);
        }

        var change = (capability, remove) switch
        {
            (true, false) => AttachmentChangeKind.AddCapability,
            (true, true) => AttachmentChangeKind.RemoveCapability,
            (false, false) => AttachmentChangeKind.AddDevice,
            _ => AttachmentChangeKind.RemoveDevice,
        };
        return await RunAsync(app, grains, g => g.ChangeAttachmentsAsync(new AttachmentChange(change, Value: named.Trim())));
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
