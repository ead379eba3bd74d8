using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Access;
using OrleansPaas.Dashboard.Pages;
using OrleansPaas.Dashboard.Parts;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Dashboard.Live;

/// <summary>
/// The pages' one push channel each: server-sent events carrying re-rendered parts of the page
/// (sent only when they changed), and on the app page its log lines and traffic figures.
/// </summary>
public static class LiveEndpoints
{
    public const string Prefix = "/dashboard/feed";
    public const string AppsFeed = Prefix + "/apps";
    public const string ClusterFeed = Prefix + "/cluster";

    public static string AppFeed(string app) => $"{Prefix}/apps/{app}";

    public static RouteGroupBuilder MapDashboardFeeds(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet(AppsFeed, (HttpContext http, PartFeed feed, DashboardData data) =>
            Stream(http, feed.ReadAsync<AppsTable>("apps", async () => new Dictionary<string, object?> { ["Rows"] = await data.AppsAsync(AccessCheck.PrincipalOf(http)) }, http.RequestAborted)));
        dashboard.MapGet(ClusterFeed, (HttpContext http, PartFeed feed, DashboardData data) =>
            Stream(http, feed.ReadAsync<NodesTable>("nodes", async () => new Dictionary<string, object?> { ["Nodes"] = await data.NodesAsync() }, http.RequestAborted)))
            .WithMetadata(new RequiresRole(PaasRole.Read, EveryApp: true));
        dashboard.MapGet(Prefix + "/apps/{app}", (HttpContext http, string app, AppFeed feed) =>
            Stream(http, feed.ReadAsync(app, PageEndpoints.Antiforgery(http), PageEndpoints.CanChange(http, app), http.RequestAborted)));
        return dashboard;
    }

    private static IResult Stream(HttpContext http, IAsyncEnumerable<SseItem<string>> events)
    {
        // A proxy in front (nginx) must pass each event on at once rather than buffer the response.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.ServerSentEvents(events);
    }
}
