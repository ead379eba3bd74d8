using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Nodes;
using OrleansPaas.Supervision;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Reconciliation is supervision: <see cref="AppReconciler"/> compares the instances this app
/// should have with what the live nodes' engines report, and this grain carries out the
/// corrections — crashed instances leave the routes and restart with back-off, instances of a dead
/// node or gone containers start elsewhere at once, strays are removed. A pass that finds nothing
/// to correct writes nothing and publishes nothing.
/// </summary>
public sealed partial class AppGrain
{
    private static readonly TimeSpan NodeListTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ActivationListTimeout = TimeSpan.FromSeconds(2);

    private IGrainTimer? _backoffTimer;
    // Old images are removed after a deploy retires its instances; a prune that could not finish
    // (a node down, an image still in use) is completed by a later pass. True after activation too:
    // nothing is known about prunes before it.
    private bool _pruneDue = true;

    public Task ReconcileAsync() => RunCommandAsync(async () =>
    {
        if (State.Exists)
        {
            await ReconcileOnceAsync(await ObserveAsync(nodes.Live()));
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
            await ReconcileOnceAsync(await ObserveAsync(live));
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
        var observed = await ObserveAsync(nodes.Live(), ActivationListTimeout);
        _running.Adopt(AppReconciler.Plan(Desired(), observed, DateTimeOffset.UtcNow));
    }

    private DesiredRun Desired() => new(State.Current, State.Formation, State.Stopped, State.Sleeping,
        _running.Instances, _running.Parked, _retiring, _running.Crashes);

    private async Task ReconcileOnceAsync(ObservedRun observed)
    {
        var now = DateTimeOffset.UtcNow;
        var plan = AppReconciler.Plan(Desired(), observed, now);
        if (!plan.IsEmpty)
        {
            await CorrectAsync(plan, observed, now);
        }
        else
        {
            // Published only when it differs from what this activation last published, so an idle
            // pass publishes nothing; the first pass after an activation repairs a publish that failed.
            await PublishRouteAsync();
        }

        ScheduleBackoffHint(plan.NextAttempt);
        await PruneIfDueAsync();
    }

    private async Task CorrectAsync(ReconcilePlan plan, ObservedRun observed, DateTimeOffset now)
    {
        foreach (var instance in plan.Lost)
        {
            // Gone with its node, or removed behind the platform's back: start it again at once.
            LogInstanceLost(logger, _name.Value, instance.Name, instance.Node);
        }

        foreach (var exit in plan.Exited)
        {
            _running.Crashes[exit.Instance.Name] = exit.Crash;
            metrics.Crashed(_name.Value);
            LogInstanceExited(logger, _name.Value, exit.Instance.Name, exit.ExitCode, CrashBackoff.Delay(exit.Crash).TotalSeconds);
        }

        _running.Adopt(plan);
        _running.Instances = plan.Remaining(_running.Instances).ToList();
        if (plan.Lost.Count > 0 || plan.Exited.Count > 0)
        {
            // Out of the routes first: not a single request more goes to a dead instance.
            await PublishRouteAsync();
        }

        await CollectCrashOutputAsync(plan.Exited);
        await RemoveStraysAsync(plan.Strays);
        await StartDueAsync(plan.Due, observed.Live.ToList(), now);
        await PublishRouteAsync();
    }

    /// <summary>Keeps the last lines of crashed instances for <c>ps:report</c>, then removes their containers.</summary>
    private async Task CollectCrashOutputAsync(IReadOnlyList<ExitedInstance> exited)
    {
        foreach (var exit in exited)
        {
            var instance = exit.Instance;
            try
            {
                var output = await Node(instance.Node).TailAsync(instance.ContainerId, 20);
                _running.Crashes[instance.Name] = _running.Crashes[instance.Name] with { LastOutput = output };
                await Node(instance.Node).StopInstancesAsync([instance.ContainerId]);
            }
            catch (Exception ex)
            {
                // The node went away meanwhile; the container went with it.
                LogNodeNotAnswering(logger, instance.Node, ex.GetBaseException().Message);
            }
        }
    }

    /// <summary>This app's containers on each live node that answered.</summary>
    private async Task<ObservedRun> ObserveAsync(IReadOnlyList<string> live, TimeSpan? timeout = null)
    {
        var observed = new Dictionary<string, IReadOnlyList<NodeInstance>>(StringComparer.Ordinal);
        await Task.WhenAll(live.Select(async node =>
        {
            try
            {
                observed[node] = await Node(node).ListInstancesAsync(_name.Value).WaitAsync(timeout ?? NodeListTimeout);
            }
            catch (Exception ex)
            {
                LogNodeNotAnswering(logger, node, ex.GetBaseException().Message);
            }
        }));
        return new ObservedRun(live, observed);
    }

    private async Task RemoveStraysAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> strays)
    {
        foreach (var (node, ids) in strays)
        {
            LogStraysRemoved(logger, _name.Value, ids.Count, node);
            await Node(node).StopInstancesAsync(ids);
        }
    }

    /// <summary>Starts the slots whose back-off is over; a start that fails counts as a crash, so a broken release backs off instead of looping.</summary>
    private async Task StartDueAsync(IReadOnlyList<InstanceSlot> due, IReadOnlyList<string> live, DateTimeOffset now)
    {
        if (due.Count == 0 || State.Current is not { } release)
        {
            return;
        }

        var rollout = NewRollout(BuildLog.InMemory());
        var placement = await rollout.PlaceAsync(due, _running.Instances, live);
        var results = await Task.WhenAll(placement.Select(async p => (Slot: p.Key, Node: p.Value, Result: await rollout.StartOneAsync(release, p.Key, p.Value))));
        foreach (var (slot, node, result) in results)
        {
            if (result.Instance is { } instance)
            {
                _running.Instances.Add(instance);
                MarkRecovered(slot.ToString());
                LogInstanceStarted(logger, _name.Value, slot.ToString(), node);
            }
            else
            {
                var crash = CrashBackoff.Record(_running.Crashes.GetValueOrDefault(slot.ToString()), slot.ToString(), -1,
                    (result.Problem ?? "").Split('\n'), now);
                _running.Crashes[slot.ToString()] = crash;
                metrics.Crashed(_name.Value);
                ScheduleBackoffHint(CrashBackoff.NextAttempt(crash));
            }
        }

        _running.Instances.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
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

    private void MarkRecovered(string instance)
    {
        if (_running.Crashes.TryGetValue(instance, out var crash) && crash.Restarting)
        {
            _running.Crashes[instance] = crash with { Restarting = false };
        }
    }

    private INodeGrain Node(string node) => GrainFactory.GetGrain<INodeGrain>(node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{App} {Instance} exited with code {ExitCode}; restarting in {Delay}s")]
    private static partial void LogInstanceExited(ILogger logger, string app, string instance, long exitCode, double delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{App} {Instance} is gone from node {Node}; starting it again")]
    private static partial void LogInstanceLost(ILogger logger, string app, string instance, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "{App} {Instance} started on node {Node}")]
    private static partial void LogInstanceStarted(ILogger logger, string app, string instance, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} stray container(s) of {App} on node {Node}")]
    private static partial void LogStraysRemoved(ILogger logger, string app, int count, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} did not report its instances: {Reason}")]
    private static partial void LogNodeNotAnswering(ILogger logger, string node, string reason);
}
