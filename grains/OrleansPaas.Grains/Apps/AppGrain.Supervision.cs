using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Nodes;
using OrleansPaas.Supervision;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Reconciliation is supervision: <see cref="AppReconciler"/> compares the instances this app
/// should have with what the live nodes' engines report, and <see cref="PlanExecutor"/> carries out
/// the corrections — crashed instances leave the routes and restart with back-off, instances of a
/// dead node or gone containers start elsewhere at once, strays are removed. A pass that finds
/// nothing to correct writes nothing and publishes nothing.
/// </summary>
public sealed partial class AppGrain
{
    private static readonly TimeSpan NodeListTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ActivationListTimeout = TimeSpan.FromSeconds(2);

    // Carries out the plans: observes the nodes, corrects, starts slots (shared with the wake).
    private PlanExecutor _supervision = null!;
    private IGrainTimer? _backoffTimer;
    // Old images are removed after a deploy retires its instances; a prune that could not finish
    // (a node down, an image still in use) is completed by a later pass. True after activation too:
    // nothing is known about prunes before it.
    private bool _pruneDue = true;

    public Task ReconcileAsync() => RunCommandAsync(async () =>
    {
        if (State.Exists)
        {
            await ReconcileOnceAsync(await _supervision.ObserveAsync(nodes.Live(), NodeListTimeout));
        }

        return true;
    });

    public Task ReconcileAsync(AppObservation observation) => RunCommandAsync(async () =>
    {
        if (!State.Exists)
        {
            return true;
        }

        // The pass listed the nodes before this command began: a deploy may have committed since.
        // It only tells whether anything needs looking at; corrections go by a fresh look.
        var live = nodes.Live();
        var hint = new ObservedRun(live, observation.AnsweredNodes.Where(live.Contains).ToDictionary(node => node,
            node => (IReadOnlyList<NodeInstance>)observation.Containers.Where(c => c.Instance.Node == node).ToList(), StringComparer.Ordinal));
        if (!AppReconciler.Plan(Desired(), hint, DateTimeOffset.UtcNow).IsEmpty)
        {
            await ReconcileOnceAsync(await _supervision.ObserveAsync(live, NodeListTimeout));
            return true;
        }

        // Nothing to correct: publishes only if this activation has not published this route yet.
        await PublishRouteAsync();
        await PruneIfDueAsync();
        return true;
    });

    /// <summary>
    /// Learns what runs from the nodes: the current release's containers become the app's instances
    /// (or, asleep, its parked containers). Nodes that do not answer are learnt from by the next pass.
    /// </summary>
    private async Task AdoptWhatRunsAsync()
    {
        if (State.Current is null || State.Stopped)
        {
            return;
        }

        // Briefly: a query waits for the activation, and a node slow to answer is learnt from by the next pass.
        var observed = await _supervision.ObserveAsync(nodes.Live(), ActivationListTimeout);
        _running.Adopt(AppReconciler.Plan(Desired(), observed, DateTimeOffset.UtcNow));
    }

    private DesiredRun Desired() => new(State.Current, State.Formation, State.Stopped, State.Sleeping,
        _running.Instances, _running.Parked, _retiring, _running.Crashes);

    private async Task ReconcileOnceAsync(ObservedRun observed)
    {
        var now = DateTimeOffset.UtcNow;
        var plan = AppReconciler.Plan(Desired(), observed, now);
        DateTimeOffset? failedStartsRetry = null;
        if (!plan.IsEmpty)
        {
            failedStartsRetry = await _supervision.CorrectAsync(plan, observed, State.Current, NewRollout(BuildLog.InMemory()), PublishRouteAsync, now);
        }
        else
        {
            // Published only when it differs from what this activation last published, so an idle
            // pass publishes nothing; the first pass after an activation repairs a publish that failed.
            await PublishRouteAsync();
        }

        // The earlier of the plan's next back-off and that of the starts that failed now.
        ScheduleBackoffHint(new[] { plan.NextAttempt, failedStartsRetry }.Min());
        await PruneIfDueAsync();
    }

    private async Task PruneIfDueAsync()
    {
        if (_pruneDue && _retiring.Count == 0 && BuildsInFlight == 0)
        {
            _pruneDue = false;
            try
            {
                await PruneImagesAsync();
            }
            catch
            {
                _pruneDue = true;
                throw;
            }
        }
    }

    /// <summary>Reconciles again when the earliest back-off ends, rather than waiting for the next pass.</summary>
    private void ScheduleBackoffHint(DateTimeOffset? attempt)
    {
        if (attempt is not { } at)
        {
            return;
        }

        _backoffTimer?.Dispose();
        var delay = at - DateTimeOffset.UtcNow;
        _backoffTimer = this.RegisterGrainTimer(_ => ReconcileAsync(),
            new GrainTimerCreationOptions(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }
}
