using Microsoft.Extensions.Logging;
using OrleansPaas.Grains.Nodes;
using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Routing;

/// <summary>
/// The versioned route table. Gateways long-poll it; the version each gateway reports back
/// lets a deploy wait until every live gateway routes to the new instances before the old ones stop.
/// </summary>
public sealed partial class RouteTableGrain(
    [PersistentState("routes", GrainStorage.Name)] IPersistentState<RouteTableState> state,
    ClusterNodes nodes,
    ILogger<RouteTableGrain> logger) : Grain, IRouteTableGrain
{
    // A gateway that has not polled for this long is considered gone and is not waited for.
    private static readonly TimeSpan GatewayExpiry = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, (long Applied, DateTime SeenAt)> _gateways = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _gatewayReported = NewSignal();
    // Set by the reconciler's first pass after this activation: the stored endpoints were checked.
    private readonly TaskCompletionSource _confirmed = NewSignal();
    private readonly RoutePropagation _propagation = new();
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
        var now = DateTime.UtcNow;
        _gateways[gateway] = (knownVersion, now);
        Signal(ref _gatewayReported);
        if (_propagation.Reported(gateway, knownVersion, now, LiveGateways(now)) is { } reached)
        {
            LogPropagated(logger, reached.Version, reached.Gateways, reached.Fastest.TotalMilliseconds, reached.Slowest.TotalMilliseconds, reached.SlowestGateway);
        }
        if (knownVersion == 0 && !_confirmed.Task.IsCompleted)
        {
            // A gateway that has nothing yet (its node just started) gets the stored endpoints only
            // once they were checked: they may be from before a restart. Gateways that already hold
            // routes keep getting every change, so a failover never freezes routing.
            await Task.WhenAny(_confirmed.Task, Task.Delay(wait, cancellationToken));
            if (!_confirmed.Task.IsCompleted)
            {
                // Same version as the gateway holds: it applies nothing and asks again.
                return new RouteSnapshot(knownVersion, []);
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
            var live = LiveGateways(now);
            var lagging = _gateways.Any(g => g.Value.Applied < version && live.Contains(g.Key));
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

    /// <summary>Gateways of live nodes that polled recently: the ones a deploy waits for.</summary>
    private HashSet<string> LiveGateways(DateTime now)
    {
        var live = nodes.Live();
        return _gateways.Where(g => now - g.Value.SeenAt < GatewayExpiry && live.Contains(g.Key)).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<long> CommitAsync()
    {
        state.State.Version++;
        _snapshot = null;
        await state.WriteStateAsync();
        _propagation.Committed(state.State.Version, DateTime.UtcNow);
        Signal(ref _changed);
        return state.State.Version;
    }

    private static bool SameRoute(RouteEntry a, RouteEntry b) =>
        a.Stopped == b.Stopped && a.Sleeping == b.Sleeping && a.SleepAfter == b.SleepAfter && a.SleepPage == b.SleepPage && a.Hosts.SequenceEqual(b.Hosts) && a.Endpoints.SequenceEqual(b.Endpoints)
        && a.AllBackends.SequenceEqual(b.AllBackends);

    private static void Signal(ref TaskCompletionSource signal)
    {
        var fired = signal;
        signal = NewSignal();
        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Routes v{Version} reached {Gateways} gateway(s): first after {FastestMs:0.0} ms, all after {SlowestMs:0.0} ms (last: {SlowestGateway})")]
    private static partial void LogPropagated(ILogger logger, long version, int gateways, double fastestMs, double slowestMs, string slowestGateway);
}
