using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Apps;
using OrleansPaas.Contracts.Config;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>config:show|get|set|unset</c>.</summary>
public static class ConfigEndpoints
{
    public static RouteGroupBuilder MapConfig(this RouteGroupBuilder api)
    {
        api.MapGet("/apps/{app}/config", ShowAsync).WithName("GetConfig");
        api.MapPatch("/apps/{app}/config", UpdateAsync).WithName("UpdateConfig");
        return api;
    }

    private static async Task<IResult> ShowAsync(string app, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var vars = await handle.Grain.GetConfigAsync();
        return vars is null ? ApiResults.NotFound($"app '{handle.Name}' does not exist") : Results.Ok(new ConfigView { Vars = vars });
    }

    private static async Task<IResult> UpdateAsync(string app, ConfigPatch patch, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var change = new ConfigChange(
            patch.Set ?? new Dictionary<string, string>(),
            patch.Unset ?? [],
            patch.Restart ?? true);
        if (change.Set.Count == 0 && change.Unset.Count == 0)
        {
            return ApiResults.Invalid("set", "nothing to change: give config vars to set or unset");
        }

        var result = await handle.Grain.UpdateConfigAsync(change);
        if (!result.Succeeded)
        {
            return ApiResults.From(result, _ => new object());
        }

        var vars = await handle.Grain.GetConfigAsync();
        var release = change.Restart ? result.App!.CurrentRelease?.Version : null;
        return Results.Ok(new ConfigView { Vars = vars!, Release = release });
    }
}
