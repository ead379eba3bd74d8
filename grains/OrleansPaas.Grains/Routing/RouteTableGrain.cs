using OrleansPaas.Grains.Nodes;
using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Routing;

/// <summary>
/// The versioned route table. Gateways long-poll it; the version each gateway reports back
/// lets a deploy wait until every live gateway routes to the new instances before the old ones stop.
/// </summary>
public sealed class RouteTableGrain(
    [PersistentState("routes", GrainStorage.Name)] IPersistentState<RouteTableState> state,
    ClusterNodes nodes) : Grain, IRouteTableGrain
{
    // A gateway that has not polled for this long is considered gone and is not waited for.
    private static readonly TimeSpan GatewayExpiry = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, (long Applied, DateTime SeenAt)> _gateways = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _gatewayReported = NewSignal();
    // Set by the reconciler's first pass after this activation: the stored endpoints were checked.
    private readonly TaskCompletionSource _confirmed = NewSignal();
    private RouteSnapshot? _snapshot;

    public async Task<long> PublishAsync(RouteEntry entry)
    {
        if (state.State.Routes.TryGetValue(entry.App, out var existing) && SameRoute(existing, entry))
        {
            return state.State.Version;
        }

        state.State.Routes[entry.App] = entry;
        return await CommitAsync();
    }

    public async Task<long> RemoveAsync(string app) =>
        state.State.Routes.Remove(app) ? await CommitAsync() : state.State.Version;

    public async Task<RouteSnapshot> WaitForChangeAsync(string gateway, long knownVersion, TimeSpan wait, CancellationToken cancellationToken)
    {
        _gateways[gateway] = (knownVersion, DateTime.UtcNow);
        Signal(ref _gatewayReported);
        if (!_confirmed.Task.IsCompleted)
        {
            // Stored endpoints may be from before a restart; answer only once they were checked.
            await Task.WhenAny(_confirmed.Task, Task.Delay(wait, cancellationToken));
            if (!_confirmed.Task.IsCompleted)
            {
                return new RouteSnapshot(knownVersion, []) { Unconfirmed = true };
            }
        }

        if (knownVersion == state.State.Version)
        {
            // A cancelled wait (the gateway is stopping) just returns early; the snapshot is still valid.
            await Task.WhenAny(_changed.Task, Task.Delay(wait, cancellationToken));
        }

        return _snapshot ??= new RouteSnapshot(state.State.Version, state.State.Routes.Values.ToList());
    }

    public Task ConfirmAsync()
    {
        _confirmed.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task<bool> WaitUntilAppliedAsync(long version, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var now = DateTime.UtcNow;
            // A node that left the cluster is not waited for; its gateway serves nothing anyway.
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
        state.State.Version++;
        _snapshot = null;
        await state.WriteStateAsync();
        Signal(ref _changed);
        return state.State.Version;
    }

    private static bool SameRoute(RouteEntry a, RouteEntry b) =>
        a.Stopped == b.Stopped && a.Hosts.SequenceEqual(b.Hosts) && a.Endpoints.SequenceEqual(b.Endpoints);

    private static void Signal(ref TaskCompletionSource signal)
    {
        var fired = signal;
        signal = NewSignal();
        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
