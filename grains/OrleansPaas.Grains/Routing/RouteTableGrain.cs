using Microsoft.Extensions.Logging;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Grains.Tables;
using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Routing;

/// <summary>
/// The versioned route table. Gateways long-poll it; the version each gateway reports back
/// lets a deploy wait until every live gateway routes to the new instances before the old ones stop.
/// A change is shown to gateways only once it is saved, so a version number never names content
/// that a later activation (which reads storage) does not have.
/// </summary>
public sealed partial class RouteTableGrain(
    [PersistentState("routes", GrainStorage.Name)] IPersistentState<RouteTableState> state,
    ClusterNodes nodes,
    ILogger<RouteTableGrain> logger) : Grain, IRouteTableGrain
{
    // Set by the reconciler's first pass after this activation: the stored endpoints were checked.
    private readonly TaskCompletionSource _confirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RoutePropagation _propagation = new();
    private VersionedTable<RouteSnapshot> _table = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A stored table was handed out by an earlier activation: gateways may still hold it.
        _table = new VersionedTable<RouteSnapshot>(
            epoch => new RouteSnapshot(state.State.Version, state.State.Routes.Values.ToList(), epoch),
            nodes.Live,
            gatewaysMayHoldEarlier: state.RecordExists);
        return Task.CompletedTask;
    }

    public async Task<long> PublishAsync(RouteEntry entry)
    {
        if (state.State.Routes.TryGetValue(entry.App, out var existing) && RouteEntries.Same(existing, entry))
        {
            return _table.Version;
        }

        return await CommitAsync(new Dictionary<string, RouteEntry>(state.State.Routes, StringComparer.Ordinal) { [entry.App] = entry });
    }

    public async Task<long> RemoveAsync(string app)
    {
        if (!state.State.Routes.ContainsKey(app))
        {
            return _table.Version;
        }

        var routes = new Dictionary<string, RouteEntry>(state.State.Routes, StringComparer.Ordinal);
        routes.Remove(app);
        return await CommitAsync(routes);
    }

    public async Task<RouteSnapshot> WaitForChangeAsync(string gateway, long knownVersion, TimeSpan wait, Guid knownEpoch = default, CancellationToken cancellationToken = default)
    {
        _table.Report(gateway, knownEpoch, knownVersion);
        if (_propagation.Reported(gateway, _table.AppliedBy(gateway), DateTime.UtcNow, _table.WaitedFor()) is { } reached)
        {
            LogPropagated(logger, reached.Version, reached.Gateways, reached.Fastest.TotalMilliseconds, reached.Slowest.TotalMilliseconds, reached.SlowestGateway);
        }

        if (knownEpoch == Guid.Empty && !_confirmed.Task.IsCompleted)
        {
            // A gateway that has nothing yet (its node just started) gets the stored endpoints only
            // once they were checked: they may be from before a restart. Gateways that already hold
            // routes keep getting every change, so a failover never freezes routing.
            await Task.WhenAny(_confirmed.Task, Task.Delay(wait, cancellationToken));
            if (!_confirmed.Task.IsCompleted)
            {
                // What the gateway holds (nothing): it applies nothing and asks again.
                return new RouteSnapshot(knownVersion, [], knownEpoch);
            }
        }

        return await _table.WaitForChangeAsync(knownEpoch, knownVersion, wait, cancellationToken);
    }

    public Task ConfirmAsync()
    {
        _confirmed.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<bool> WaitUntilAppliedAsync(long version, TimeSpan timeout) => _table.WaitUntilAppliedAsync(version, timeout);

    private async Task<long> CommitAsync(Dictionary<string, RouteEntry> routes)
    {
        var saved = state.State;
        state.State = new RouteTableState { Version = _table.NextVersion, Routes = routes };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not saved, so not shown: memory goes back to what storage and the gateways have.
            state.State = saved;
            throw;
        }

        _table.Publish(new RouteSnapshot(state.State.Version, routes.Values.ToList(), _table.Epoch));
        _propagation.Committed(_table.Version, DateTime.UtcNow);
        return _table.Version;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Routes v{Version} reached {Gateways} gateway(s): first after {FastestMs:0.0} ms, all after {SlowestMs:0.0} ms (last: {SlowestGateway})")]
    private static partial void LogPropagated(ILogger logger, long version, int gateways, double fastestMs, double slowestMs, string slowestGateway);
}
