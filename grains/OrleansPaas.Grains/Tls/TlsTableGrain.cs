using OrleansPaas.Grains.Nodes;
using OrleansPaas.Grains.Storage;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

/// <summary>
/// The versioned TLS table, kept like the route table: each change is one new version, stored,
/// and handed to every gateway waiting for it. App grains decide what goes in; this only keeps it.
/// </summary>
public sealed class TlsTableGrain(
    [PersistentState("tls", GrainStorage.Name)] IPersistentState<TlsTableState> state,
    ClusterNodes nodes) : Grain, ITlsTableGrain
{
    // A gateway that has not polled for this long is considered gone and is not waited for.
    private static readonly TimeSpan GatewayExpiry = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, (long Applied, DateTime SeenAt)> _gateways = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _gatewayReported = NewSignal();
    private TlsSnapshot? _snapshot;

    private TlsTableState State => state.State;

    public async Task<long> PublishAsync(TlsEntry entry)
    {
        if (State.Apps.TryGetValue(entry.App, out var existing) && existing.Hsts == entry.Hsts
            && existing.Certificate.Fingerprint == entry.Certificate.Fingerprint)
        {
            return State.Version;
        }

        State.Apps[entry.App] = entry;
        return await CommitAsync();
    }

    public async Task<long> RemoveAsync(string app) => State.Apps.Remove(app) ? await CommitAsync() : State.Version;

    public async Task<long> SetChallengeAsync(string token, string keyAuthorization)
    {
        State.Challenges[token] = keyAuthorization;
        return await CommitAsync();
    }

    public async Task<long> RemoveChallengeAsync(string token) => State.Challenges.Remove(token) ? await CommitAsync() : State.Version;

    public async Task<TlsSnapshot> WaitForChangeAsync(string gateway, long knownVersion, TimeSpan wait, CancellationToken cancellationToken)
    {
        _gateways[gateway] = (knownVersion, DateTime.UtcNow);
        Signal(ref _gatewayReported);
        if (knownVersion == State.Version)
        {
            // A cancelled wait (the gateway is stopping) returns early with the same version.
            await Task.WhenAny(_changed.Task, Task.Delay(wait, cancellationToken));
        }

        return _snapshot ??= new TlsSnapshot(State.Version, State.Apps.Values.ToList(), new Dictionary<string, string>(State.Challenges));
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

    private async Task<long> CommitAsync()
    {
        State.Version++;
        _snapshot = null;
        await state.WriteStateAsync();
        Signal(ref _changed);
        return State.Version;
    }

    private static void Signal(ref TaskCompletionSource signal)
    {
        var fired = signal;
        signal = NewSignal();
        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
