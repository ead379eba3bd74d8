using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansPaas.Access;
using OrleansPaas.Apps;
using OrleansPaas.Dashboard.Live;
using OrleansPaas.Dashboard.Session;
using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Dashboard.Pages;

/// <summary>The signed-in pages: apps (<c>/</c>), one app, one build's output, the cluster, the backing services, the events.</summary>
public static class PageEndpoints
{
    public static RouteGroupBuilder MapDashboardPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/", async (HttpContext http, DashboardData data) =>
            Page<AppsPage>(http, new { Rows = await data.AppsAsync(AccessCheck.PrincipalOf(http)) }));
        dashboard.MapGet("/apps/{app}", (HttpContext http, string app, DashboardData data) => AppAsync(http, app, data));
        dashboard.MapGet("/apps/{app}/builds/{id:int}", BuildAsync);
        // The nodes run every app: a token limited to some apps does not see them, as with /metrics.
        dashboard.MapGet("/cluster", async (HttpContext http, DashboardData data) =>
            Page<ClusterPage>(http, new { Nodes = await data.NodesAsync() })).WithMetadata(new RequiresRole(PaasRole.Read, EveryApp: true));
        // A service is shared by the apps that link it: as in the API, only a credential covering every app sees them.
        dashboard.MapGet("/services", async (HttpContext http, DashboardData data) =>
            Page<ServicesPage>(http, new { Rows = await data.ServicesAsync() })).WithMetadata(new RequiresRole(PaasRole.Read, EveryApp: true));
        dashboard.MapGet("/events", async (HttpContext http, IAuditTrail trail) =>
        {
            // A token limited to some apps sees only their entries, as in the API.
            var viewer = AccessCheck.PrincipalOf(http);
            var entries = await trail.ListAsync(new OrleansPaas.Audit.AuditQuery(Limit: 500, OnlyApps: viewer.CoversEveryApp ? null : viewer.Apps));
            return Page<EventsPage>(http, new { Entries = entries });
        });
        return dashboard;
    }

    /// <summary>The app page; with <paramref name="notice"/> it says why a change was refused, with that status.</summary>
    public static async Task<IResult> AppAsync(HttpContext http, string app, DashboardData data, string? notice = null,
        int status = StatusCodes.Status200OK)
    {
        var model = await data.AppAsync(app);
        return model is null
            ? NotFound(http, $"There is no app '{app}'.")
            : Page<AppPage>(http, new { Model = model, Notice = notice, CanChange = CanChange(http, model.Name) }, status);
    }

    private static async Task<IResult> BuildAsync(HttpContext http, string app, int id, IGrainFactory grains)
    {
        if (!AppName.TryParse(app, out var name, out _))
        {
            return NotFound(http, $"There is no app '{app}'.");
        }

        var output = await grains.GetGrain<IAppGrain>(name.Value).GetBuildOutputAsync(id);
        return output is null
            ? NotFound(http, $"'{app}' has no build #{id} (only the last builds are kept).")
            : Page<BuildPage>(http, new { App = name.Value, Output = output });
    }

    /// <summary>Whether the signed-in token may change <paramref name="app"/> (the same rule the actions are refused by).</summary>
    internal static bool CanChange(HttpContext http, string app) => AccessRule.Allows(AccessCheck.PrincipalOf(http), AccessNeed.Deploy(app));

    private static IResult NotFound(HttpContext http, string message) =>
        Page<NotFoundPage>(http, new { Message = message }, StatusCodes.Status404NotFound);

    /// <summary>Renders a page with this browser's antiforgery token for its forms, under the dashboard's headers.</summary>
    internal static IResult Page<TPage>(HttpContext http, object parameters, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        DashboardHeaders.Apply(http.Response);
        var values = parameters.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(parameters));
        values["Antiforgery"] = Antiforgery(http);
        return new RazorComponentResult<TPage>(values) { StatusCode = status };
    }

    internal static string Antiforgery(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken!;
}
