using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.Routing;

namespace OrleansPaas.Gateway.Routing;

/// <summary>Keeps this node's <see cref="RouteSnapshotStore"/> up to date by long-polling the route table grain.</summary>
public sealed partial class RouteWatcher(
    IGrainFactory grains,
    RouteSnapshotStore store,
    IOptions<PaasOptions> options,
    ILogger<RouteWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var table = grains.GetGrain<IRouteTableGrain>(0);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var snapshot = await table.WaitForChangeAsync(options.Value.NodeName, store.Version, PollWait, stoppingToken);
                if (snapshot.Version != store.Version)
                {
                    store.Apply(snapshot);
                    LogApplied(logger, snapshot.Version, snapshot.Routes.Count);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The silo may still be starting, or the grain moving; keep the last good snapshot and retry.
                failures++;
                if (failures == 1 || failures % 30 == 0)
                {
                    LogPollFailed(logger, ex.Message);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * failures)), stoppingToken).ContinueWith(_ => { });
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway routes at version {Version} ({Routes} app(s))")]
    private static partial void LogApplied(ILogger logger, long version, int routes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Route table not reachable yet: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string reason);
}
