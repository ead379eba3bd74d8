using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Grains.Tables;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

/// <summary>
/// The versioned TLS table: each change is one new version, handed to every gateway waiting for
/// it. It is a view, not a store: each certificate is kept by its owner (an app's certificate grain,
/// the control certificate grain), and a new activation gathers them again. So a change costs one
/// dictionary write, not a write of every certificate, and a thousand certificates stay cheap to change.
/// </summary>
public sealed class TlsTableGrain(ClusterNodes nodes, IOptions<PaasOptions> options) : Grain, ITlsTableGrain
{
    private readonly Dictionary<string, TlsEntry> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _challenges = new(StringComparer.Ordinal);
    private VersionedTable<TlsSnapshot> _table = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var apps = await GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync();
        var entries = await Task.WhenAll(apps.Select(app => GrainFactory.GetGrain<IAppCertificateGrain>(app).GetTlsEntryAsync()));
        foreach (var entry in entries.OfType<TlsEntry>())
        {
            _apps[entry.App] = entry;
        }

        if (options.Value.ControlHost is { Length: > 0 } controlHost
            && await GrainFactory.GetGrain<IControlCertificateGrain>(controlHost.Trim().ToLowerInvariant()).GetTlsEntryAsync() is { } control)
        {
            _apps[control.App] = control;
        }

        // Nothing says whether an earlier activation handed out tables, so gateways are assumed to hold one.
        // Versions start from the clock: a version returned by an earlier activation is then below every
        // version of this one, so waiting for it ends once the gateways hold this activation's table.
        _table = new VersionedTable<TlsSnapshot>(epoch => Snapshot(DateTime.UtcNow.Ticks, epoch), nodes.Live, gatewaysMayHoldEarlier: true);
    }

    public Task<long> PublishAsync(TlsEntry entry)
    {
        if (_apps.TryGetValue(entry.App, out var existing) && existing.Hsts == entry.Hsts
            && existing.Certificate.Fingerprint == entry.Certificate.Fingerprint)
        {
            return Task.FromResult(_table.Version);
        }

        _apps[entry.App] = entry;
        return Task.FromResult(Commit());
    }

    public Task<long> RemoveAsync(string app) => Task.FromResult(_apps.Remove(app) ? Commit() : _table.Version);

    public Task<long> SetChallengeAsync(string token, string keyAuthorization)
    {
        _challenges[token] = keyAuthorization;
        return Task.FromResult(Commit());
    }

    public Task<long> RemoveChallengeAsync(string token) => Task.FromResult(_challenges.Remove(token) ? Commit() : _table.Version);

    public Task<TlsSnapshot> WaitForChangeAsync(string gateway, long knownVersion, TimeSpan wait, Guid knownEpoch = default, CancellationToken cancellationToken = default)
    {
        _table.Report(gateway, knownEpoch, knownVersion);
        return _table.WaitForChangeAsync(knownEpoch, knownVersion, wait, cancellationToken);
    }

    public Task<bool> WaitUntilAppliedAsync(long version, TimeSpan timeout) => _table.WaitUntilAppliedAsync(version, timeout);

    private long Commit()
    {
        _table.Publish(Snapshot(_table.NextVersion, _table.Epoch));
        return _table.Version;
    }

    private TlsSnapshot Snapshot(long version, Guid epoch) =>
        new(version, _apps.Values.ToList(), new Dictionary<string, string>(_challenges), epoch);
}
