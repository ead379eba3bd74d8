using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Apps;
using OrleansPaas.Dashboard.Live;
using OrleansPaas.Dashboard.Pages;
using OrleansPaas.Dashboard.Session;
using OrleansPaas.Gateway.Audit;

namespace OrleansPaas.Dashboard.Actions;

/// <summary>
/// The dashboard's changes: roll back and scale. Each is a form post with the page's antiforgery
/// token; a refused change shows the app page again with the grain's reason and changes nothing.
/// </summary>
public static class AppActions
{
    public static RouteGroupBuilder MapDashboardActions(this RouteGroupBuilder dashboard)
    {
        var actions = dashboard.MapGroup("/apps/{app}")
            .AddEndpointFilter<AntiforgeryCheck>()
            // Checked by the filter above, before the form is looked at.
            .DisableAntiforgery();
        // A change needs deploy on the app (RoleRequirement, before the form is read); a read token's post is refused with 403.
        actions.MapPost("/rollback", RollbackAsync).WithMetadata(new AuditedAs("dashboard:rollback"));
        actions.MapPost("/scale", ScaleAsync).WithMetadata(new AuditedAs("dashboard:scale"));
        return dashboard;
    }

    private static async Task<IResult> RollbackAsync(HttpContext http, string app, IGrainFactory grains, DashboardData data)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!int.TryParse(form["version"], out var version) || version < 1)
        {
            return await PageAsync(http, app, data, "Pick a release to roll back to.", StatusCodes.Status400BadRequest);
        }

        return await ApplyAsync(http, app, data, grain => grain.RollbackAsync(version), grains);
    }

    private static async Task<IResult> ScaleAsync(HttpContext http, string app, IGrainFactory grains, DashboardData data)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var formation = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (field, value) in form.Where(f => f.Key != DashboardSession.AntiforgeryField))
        {
            if (!int.TryParse(value, out var count))
            {
                return await PageAsync(http, app, data, $"'{value}' is not a number of instances for {field}.", StatusCodes.Status400BadRequest);
            }

            formation[field] = count;
        }

        return await ApplyAsync(http, app, data, grain => grain.ScaleAsync(formation), grains);
    }

    private static async Task<IResult> ApplyAsync(HttpContext http, string app, DashboardData data,
        Func<IAppGrain, Task<AppCommandResult>> change, IGrainFactory grains)
    {
        if (!AppName.TryParse(app, out var name, out _))
        {
            return await PageAsync(http, app, data, null, StatusCodes.Status404NotFound);
        }

        var result = await change(grains.GetGrain<IAppGrain>(name.Value));
        if (result.Succeeded)
        {
            // Post, redirect, get: a reload does not repeat the change.
            return Results.Redirect($"/apps/{name.Value}");
        }

        var status = result.Status switch
        {
            AppCommandStatus.NotFound => StatusCodes.Status404NotFound,
            AppCommandStatus.Conflict => StatusCodes.Status409Conflict,
            AppCommandStatus.Invalid => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status500InternalServerError,
        };
        return await PageAsync(http, name.Value, data, result.Error, status);
    }

    private static Task<IResult> PageAsync(HttpContext http, string app, DashboardData data, string? notice, int status) =>
        PageEndpoints.AppAsync(http, app, data, notice, status);
}
