using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Gateway.Tables;
using OrleansPaas.Configuration;
using OrleansPaas.Routing;

namespace OrleansPaas.Gateway.Routing;

/// <summary>Keeps this node's <see cref="RouteSnapshotStore"/> up to date by long-polling the route table grain.</summary>
public sealed partial class RouteWatcher(
    IGrainFactory grains,
    RouteSnapshotStore store,
    IOptions<PaasOptions> options,
    ILogger<RouteWatcher> logger) : TableWatcher<RouteSnapshot>
{
    protected override Task<RouteSnapshot> PollAsync(Guid epoch, long version, TimeSpan wait, CancellationToken cancellationToken) =>
        grains.GetGrain<IRouteTableGrain>(0).WaitForChangeAsync(options.Value.NodeName, version, wait, epoch, cancellationToken);

    protected override void Apply(RouteSnapshot snapshot)
    {
        store.Apply(snapshot);
        LogApplied(logger, snapshot.Version, snapshot.Routes.Count);
    }

    protected override void PollFailed(Exception exception) => LogPollFailed(logger, exception.Message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway routes at version {Version} ({Routes} app(s))")]
    private static partial void LogApplied(ILogger logger, long version, int routes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Route table not reachable yet: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string reason);
}
