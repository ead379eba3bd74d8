using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Gateway.Tables;
using OrleansPaas.Configuration;
using OrleansPaas.Tls;

namespace OrleansPaas.Gateway.Tls;

/// <summary>Keeps this node's certificates and ACME answers up to date by long-polling the TLS table grain.</summary>
public sealed class TlsWatcher(IGrainFactory grains, RouteSnapshotStore store, IOptions<PaasOptions> options, ILogger<TlsWatcher> logger)
    : TableWatcher<TlsSnapshot>
{
    protected override Task<TlsSnapshot> PollAsync(Guid epoch, long version, TimeSpan wait, CancellationToken cancellationToken) =>
        grains.GetGrain<ITlsTableGrain>(0).WaitForChangeAsync(options.Value.NodeName, version, wait, epoch, cancellationToken);

    protected override void Apply(TlsSnapshot snapshot)
    {
        store.Apply(snapshot, logger);
        TlsLog.Applied(logger, snapshot.Version, snapshot.Apps.Count, snapshot.Challenges.Count);
    }

    protected override void PollFailed(Exception exception) => TlsLog.PollFailed(logger, exception.Message);
}
