using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Nodes;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

/// <summary>
/// The versioned TLS table: each change is one new version, handed to every gateway waiting for
/// it. It is a view, not a store: each certificate is kept by its owner (the app grain, the control
/// certificate grain), and a new activation gathers them again. So a change costs one dictionary
/// write, not a write of every certificate, and a thousand certificates stay cheap to change.
/// </summary>
public sealed class TlsTableGrain(ClusterNodes nodes, IOptions<PaasOptions> options) : Grain, ITlsTableGrain
{
    // A gateway that has not polled for this long is considered gone and is not waited for.
    private static readonly TimeSpan GatewayExpiry = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, TlsEntry> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _challenges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Applied, DateTime SeenAt)> _gateways = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _gatewayReported = NewSignal();
    private TlsSnapshot? _snapshot;

    // Versions of different activations never meet: each starts from the clock, so a gateway that
    // holds a version of an earlier activation always sees a different one and takes the new table.
    private long _version = DateTime.UtcNow.Ticks;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var apps = await GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync();
        var entries = await Task.WhenAll(apps.Select(app => GrainFactory.GetGrain<IAppGrain>(app).GetTlsEntryAsync()));
        foreach (var entry in entries.OfType<TlsEntry>())
        {
            _apps[entry.App] = entry;
        }

        if (options.Value.ControlHost is { Length: > 0 } controlHost
            && await GrainFactory.GetGrain<IControlCertificateGrain>(controlHost.Trim().ToLowerInvariant()).GetTlsEntryAsync() is { } control)
        {
            _apps[control.App] = control;
        }
    }

    public Task<long> PublishAsync(TlsEntry entry)
    {
        if (_apps.TryGetValue(entry.App, out var existing) && existing.Hsts == entry.Hsts
            && existing.Certificate.Fingerprint == entry.Certificate.Fingerprint)
        {
            return Task.FromResult(_version);
        }

        _apps[entry.App] = entry;
        return Task.FromResult(Commit());
    }

    public Task<long> RemoveAsync(string app) => Task.FromResult(_apps.Remove(app) ? Commit() : _version);

    public Task<long> SetChallengeAsync(string token, string keyAuthorization)
    {
        _challenges[token] = keyAuthorization;
        return Task.FromResult(Commit());
    }

    public Task<long> RemoveChallengeAsync(string token) => Task.FromResult(_challenges.Remove(token) ? Commit() : _version);

    public async Task<TlsSnapshot> WaitForChangeAsync(string gateway, long knownVersion, TimeSpan wait, CancellationToken cancellationToken)
    {
        _gateways[gateway] = (knownVersion, DateTime.UtcNow);
        Signal(ref _gatewayReported);
        if (knownVersion == _version)
        {
            // A cancelled wait (the gateway is stopping) returns early with the same version.
            await Task.WhenAny(_changed.Task, Task.Delay(wait, cancellationToken));
        }

        return _snapshot ??= new TlsSnapshot(_version, _apps.Values.ToList(), new Dictionary<string, string>(_challenges));
    }

    public async Task<bool> WaitUntilAppliedAsync(long version, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var now = DateTime.UtcNow;
            var live = nodes.Live();
            var lagging = _gateways.Any(g => g.Value.Applied < version && now - g.Value.SeenAt < GatewayExpiry && live.Contains(g.Key));
            if (!lagging)
            {
                return true;
            }

            var left = deadline - now;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.WhenAny(_gatewayReported.Task, Task.Delay(left));
        }
    }

    private long Commit()
    {
        _version++;
        _snapshot = null;
        Signal(ref _changed);
        return _version;
    }

    private static void Signal(ref TaskCompletionSource signal)
    {
        var fired = signal;
        signal = NewSignal();
        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
