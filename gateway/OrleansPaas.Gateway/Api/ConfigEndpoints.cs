using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Access;
using OrleansPaas.Apps;
using OrleansPaas.Contracts.Config;

using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>config:show|get|set|unset</c>.</summary>
public static class ConfigEndpoints
{
    public static RouteGroupBuilder MapConfig(this RouteGroupBuilder api)
    {
        // Config values are often secrets: reading them needs deploy, like changing them.
        api.MapGet("/apps/{app}/config", ShowAsync).WithName("GetConfig").WithMetadata(new RequiresRole(PaasRole.Deploy));
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

    private static async Task<IResult> UpdateAsync(HttpContext http, string app, ConfigPatch patch, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var change = new ConfigChange(
            patch.Set ?? new Dictionary<string, string>(),
            patch.Unset ?? [],
            patch.Restart ?? true);
        // Names only: a value never reaches the trail.
        RequestAudit.Of(http).Detail = ConfigNames(change);
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

    private static string ConfigNames(ConfigChange change) =>
        string.Join("; ", new[]
        {
            change.Set.Count > 0 ? "set " + string.Join(",", change.Set.Keys.Order(StringComparer.Ordinal)) : null,
            change.Unset.Count > 0 ? "unset " + string.Join(",", change.Unset.Order(StringComparer.Ordinal)) : null,
        }.OfType<string>());
}
