using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Tls;

namespace OrleansPaas.Gateway.Tls;

/// <summary>Keeps this node's certificates and ACME answers up to date by long-polling the TLS table grain.</summary>
public sealed class TlsWatcher(IGrainFactory grains, RouteSnapshotStore store, IOptions<PaasOptions> options, ILogger<TlsWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var table = grains.GetGrain<ITlsTableGrain>(0);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var snapshot = await table.WaitForChangeAsync(options.Value.NodeName, store.TlsVersion, PollWait, stoppingToken);
                if (snapshot.Version != store.TlsVersion)
                {
                    store.Apply(snapshot, logger);
                    TlsLog.Applied(logger, snapshot.Version, snapshot.Apps.Count, snapshot.Challenges.Count);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The silo may still be starting; keep what is served and retry.
                failures++;
                if (failures == 1 || failures % 30 == 0)
                {
                    TlsLog.PollFailed(logger, ex.Message);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * failures)), stoppingToken).ContinueWith(_ => { });
            }
        }
    }
}
