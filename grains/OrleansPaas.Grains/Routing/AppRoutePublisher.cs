using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Routing;

/// <summary>
/// Publishes one app's route to the route table and waits until every live gateway routes by it,
/// remembering the route it last published: the same route again publishes nothing, so an idle
/// reconciliation pass writes nothing to the table. After an activation nothing is remembered, so
/// the first publish repairs one that failed before.
/// </summary>
public sealed partial class AppRoutePublisher(AppName app, IRouteTableGrain table, ILogger logger)
{
    // Old instances stop once the gateways switched, or after this long with a gateway lagging.
    private static readonly TimeSpan ApplyWait = TimeSpan.FromSeconds(10);

    private RouteEntry? _published;

    /// <summary>The app's route: its hosts, its web instances' endpoints and whether it is stopped or sleeps.</summary>
    public RouteEntry Entry(IEnumerable<string> hosts, IEnumerable<InstanceInfo> instances, bool stopped, bool sleeping,
        TimeSpan? sleepAfter, bool sleepPage)
    {
        var web = instances.Where(i => i.Process == Rollout.WebProcess).ToList();
        var backends = web.Select(i => new RouteBackend(i.Node, i.Endpoint, i.ContainerEndpoint, i.ContainerId)).ToList();
        return new RouteEntry(app.Value, hosts.ToList(), web.Select(i => i.Endpoint).ToList(), stopped, backends, sleeping, sleepAfter, sleepPage);
    }

    /// <summary>Publishes <paramref name="entry"/> unless it is the one last published, and waits until the gateways apply it.</summary>
    public async Task PublishAsync(RouteEntry entry)
    {
        if (_published is { } last && RouteEntries.Same(last, entry))
        {
            return;
        }

        // The end of a push's trace: from here on the gateways serve the new release.
        using var span = PaasTracing.StartStep("switch routes");
        var version = await table.PublishAsync(entry);
        _published = entry;
        var applied = await table.WaitUntilAppliedAsync(version, ApplyWait);
        span?.SetTag("routes.version", version).SetTag("result", applied ? "routed" : "gateways lagging");
        if (!applied)
        {
            LogGatewaysLagging(logger, app.Value, version);
        }
    }

    /// <summary>The app's route was removed from the table: the next publish publishes whatever it is.</summary>
    public void Forget() => _published = null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not every gateway applied routes version {Version} of {App} within 10s; retiring old instances anyway")]
    private static partial void LogGatewaysLagging(ILogger logger, string app, long version);
}
