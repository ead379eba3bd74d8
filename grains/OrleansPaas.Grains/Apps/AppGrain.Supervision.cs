using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Supervision;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Reconciliation is supervision: <see cref="AppReconciler"/> compares the instances this app
/// should have with what the live nodes' engines report, and <see cref="PlanExecutor"/> carries out
/// the corrections — crashed instances leave the routes and restart with back-off, instances of a
/// dead node or gone containers start elsewhere at once (a dead node's non-web ones only after the
/// partition bound, see <see cref="AppReconciler"/>), strays are removed. A pass that finds
/// nothing to correct writes nothing and publishes nothing.
/// </summary>
public sealed partial class AppGrain
{
    private static readonly TimeSpan NodeListTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ActivationListTimeout = TimeSpan.FromSeconds(2);

    // Carries out the plans: observes the nodes, corrects, starts slots (shared with the wake).
    private PlanExecutor _supervision = null!;
    private BackoffTimer? _backoff;

    private BackoffTimer Backoff => _backoff ??= new BackoffTimer(this, ReconcileAsync);

    public Task ReconcileAsync() => RunCommandAsync(async () =>
    {
        if (State.Exists)
        {
            await ReconcileOnceAsync(await _supervision.ObserveAsync(nodes.Live(), NodeListTimeout));
        }

        return true;
    });

    public Task InstancesDiedAsync(IReadOnlyList<InstanceDeath> deaths)
    {
        // Only instances serving when the report came count: the death of a parked container is the
        // sleep's own stop, and a wake may start that container again before this command's turn.
        var serving = _running.Instances.Select(i => i.ContainerId).ToHashSet(StringComparer.Ordinal);
        var died = deaths.Where(d => serving.Contains(d.ContainerId)).ToList();
        return RunCommandAsync(async () =>
        {
            if (State.Exists)
            {
                // Out of the routes first: listing the nodes can take seconds on a busy engine, and every
                // request sent to a dead instance meanwhile waits for nothing.
                if (_running.Instances.Any(i => died.Any(d => d.ContainerId == i.ContainerId)))
                {
                    await PublishRouteAsync(_running.Instances.Where(i => died.All(d => d.ContainerId != i.ContainerId)));
                }

                // The engine may still list them running: the report wins, so they are restarted now
                // (with the crash back-off) and never put back in the routes.
                await ReconcileOnceAsync((await _supervision.ObserveAsync(nodes.Live(), NodeListTimeout)).WithDeaths(died));
            }

            return true;
        });
    }

    public Task ReconcileAsync(AppObservation observation) => RunCommandAsync(async () =>
    {
        if (!State.Exists)
        {
            return true;
        }

        // The pass listed the nodes before this command began: a deploy may have committed since.
        // It only tells whether anything needs looking at; corrections go by a fresh look.
        var live = nodes.Live();
        var gone = nodes.GoneSince(live, _running.Instances.Select(i => i.Node));
        var hint = ObservedRun.Hint(live, observation) with { GoneSince = gone, Unseen = gone.Keys.Where(n => !_running.Listed.Contains(n)).ToList() };
        if (AppReconciler.Plan(Desired(), hint, DateTimeOffset.UtcNow).NeedsLook)
        {
            await ReconcileOnceAsync(await _supervision.ObserveAsync(live, NodeListTimeout));
            return true;
        }

        // Nothing to correct: publishes only if this activation has not published this route yet.
        await PublishRouteAsync();
        await KeepImagesAsync();
        await _deployment.PruneIfDueAsync();
        return true;
    });

    /// <summary>Learns what runs from the nodes at activation: briefly, as a query waits for it (see <see cref="PlanExecutor.AdoptAsync"/>).</summary>
    private Task AdoptWhatRunsAsync() => State.Current is null || State.Stopped
        ? Task.CompletedTask
        : _supervision.AdoptAsync(Desired, nodes.Live(), ActivationListTimeout);

    private DesiredRun Desired() => new(State.Current, State.Formation, State.Stopped, State.Sleeping,
        _running.Instances, _running.Parked, _deployment.Retiring.Containers, _running.Crashes) { PartitionBound = Settings.Cluster.EffectivePartitionBound };

    private async Task ReconcileOnceAsync(ObservedRun observed)
    {
        var next = await _supervision.ConvergeAsync(Desired(), observed, NewRollout(BuildLog.InMemory()), PublishRouteAsync, DateTimeOffset.UtcNow);
        // Reconciles again when the earliest back-off ends, rather than at the next pass.
        Backoff.Schedule(next, DateTimeOffset.UtcNow);
        _images.Forget();
        await KeepImagesAsync();
        await _deployment.PruneIfDueAsync();
    }
}
