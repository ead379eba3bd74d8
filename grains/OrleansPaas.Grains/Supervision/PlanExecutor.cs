using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// Carries out an <see cref="AppReconciler"/> plan for one app on the nodes: crashed and lost
/// instances leave the routes first, crash output is kept, strays are removed, parked containers
/// start again where they are and missing slots get new instances; a start that fails counts as a
/// crash, so a broken release backs off instead of looping. The periodic pass and a wake both start
/// slots here; they differ only in what the app grain commits afterwards.
/// </summary>
public sealed partial class PlanExecutor(AppName app, IGrainFactory grains, ClusterNodes nodes, RunningInstances running, PaasMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan CrashOutputTimeout = TimeSpan.FromSeconds(10);

    /// <summary>This app's containers on each live node that answered within <paramref name="timeout"/>.</summary>
    public async Task<ObservedRun> ObserveAsync(IReadOnlyList<string> live, TimeSpan timeout)
    {
        var observed = new Dictionary<string, IReadOnlyList<NodeInstance>>(StringComparer.Ordinal);
        await Task.WhenAll(live.Select(async node =>
        {
            try
            {
                observed[node] = await grains.Node(node).ListInstancesAsync(app.Value).WaitAsync(timeout);
            }
            catch (Exception ex)
            {
                LogNodeNotAnswering(logger, node, ex.GetBaseException().Message);
            }
        }));
        running.Listed.UnionWith(observed.Keys);
        var gone = nodes.GoneSince(live, running.Instances.Select(i => i.Node));
        return new ObservedRun(live, observed) { GoneSince = gone, Unseen = gone.Keys.Where(n => !running.Listed.Contains(n)).ToList() };
    }

    /// <summary>
    /// One pass for the app: corrects what <paramref name="observed"/> shows drifted from
    /// <paramref name="desired"/>, or with nothing to correct only publishes the routes (which
    /// publishes nothing when they did not change). Returns when the app wants looking at again:
    /// the earlier of the plan's next back-off and that of the starts that failed now.
    /// </summary>
    public async Task<DateTimeOffset?> ConvergeAsync(DesiredRun desired, ObservedRun observed, Rollout rollout, Func<Task> publishRoutes,
        DateTimeOffset now)
    {
        var plan = AppReconciler.Plan(desired, observed, now);
        DateTimeOffset? failedStartsRetry = null;
        if (!plan.IsEmpty)
        {
            failedStartsRetry = await CorrectAsync(plan, observed, desired.Current, rollout, publishRoutes, now);
        }
        else
        {
            await publishRoutes();
        }

        return new[] { plan.NextAttempt, failedStartsRetry }.Min();
    }

    /// <summary>
    /// Observes the live nodes (each for at most <paramref name="timeout"/>) and takes the current
    /// release's containers found there as the app's (asleep: its parked ones). Nodes that do not
    /// answer are learnt from by the next pass.
    /// </summary>
    public async Task AdoptAsync(Func<DesiredRun> desired, IReadOnlyList<string> live, TimeSpan timeout)
    {
        var observed = await ObserveAsync(live, timeout);
        running.Adopt(AppReconciler.Plan(desired(), observed, DateTimeOffset.UtcNow));
    }

    /// <summary>A pass's corrections, in order. Returns when the earliest back-off of a start that failed ends.</summary>
    private async Task<DateTimeOffset?> CorrectAsync(ReconcilePlan plan, ObservedRun observed, ReleaseRecord? release, Rollout rollout,
        Func<Task> publishRoutes, DateTimeOffset now)
    {
        foreach (var instance in plan.Lost)
        {
            // Gone with its node (a non-web one after the partition bound), or removed behind the platform's back: start it again now.
            LogInstanceLost(logger, app.Value, instance.Name, instance.Node);
        }

        foreach (var exit in plan.Exited)
        {
            running.Crashes[exit.Instance.Name] = exit.Crash;
            metrics.Crashed(app.Value);
            LogInstanceExited(logger, app.Value, exit.Instance.Name, exit.ExitCode, CrashBackoff.Delay(exit.Crash).TotalSeconds);
        }

        running.Adopt(plan);
        running.Instances = plan.Remaining(running.Instances).ToList();
        if (plan.Lost.Count > 0 || plan.Exited.Count > 0)
        {
            // Out of the routes first: not a single request more goes to a dead instance.
            await publishRoutes();
        }

        // A node that did not answer this look is not asked for output either: its containers are strays once it answers.
        await CollectCrashOutputAsync(plan.Exited.Where(e => observed.Answered(e.Instance.Node)).ToList());
        await RemoveStraysAsync(plan.Strays);
        await RemoveUnusedAsync(plan.Unused, rollout);
        DateTimeOffset? next = null;
        if (release is not null && (plan.Due.Count > 0 || plan.Resume.Count > 0))
        {
            var starts = await StartAsync(release, plan.Resume, plan.Due, rollout, observed.Live.ToList(), now);
            running.Serve(starts.Up);
            next = starts.NextAttempt;
        }

        await publishRoutes();
        return next;
    }

    /// <summary>
    /// Starts <paramref name="resume"/> again where they are and places and starts <paramref name="due"/>
    /// (and every slot whose parked container turned out gone), all at once. Each slot that does not
    /// come up gets a crash record with the exit code its node reported. What came up is returned, not
    /// yet counted as serving: the caller commits it.
    /// </summary>
    public async Task<SlotStarts> StartAsync(ReleaseRecord release, IReadOnlyList<InstanceInfo> resume, IReadOnlyList<InstanceSlot> due,
        Rollout rollout, IReadOnlyList<string> live, DateTimeOffset now)
    {
        var resumed = await Task.WhenAll(resume.Select(async parked =>
            (Slot: SlotOf(parked), Parked: (InstanceInfo?)parked, Result: await ResumeAsync(parked, rollout.Request(release, SlotOf(parked))))));
        var fresh = due.Concat(resumed.Where(r => r.Result.IsGone).Select(r => r.Slot)).ToList();
        var serving = running.Instances.Concat(resumed.Select(r => r.Result.Instance).OfType<InstanceInfo>()).ToList();
        var placement = await rollout.PlaceAsync(fresh, serving, live);
        var started = await Task.WhenAll(placement.Select(async p =>
        {
            var result = await rollout.StartOneAsync(release, p.Key, p.Value);
            if (result.Instance is not null)
            {
                LogInstanceStarted(logger, app.Value, p.Key.ToString(), p.Value);
            }

            return (Slot: p.Key, Parked: (InstanceInfo?)null, Result: result);
        }));

        var results = resumed.Where(r => !r.Result.IsGone).Concat(started).ToList();
        var failed = results.Where(r => r.Result.Instance is null).Select(r => new FailedStart(r.Slot, r.Result.Problem!,
            Crashed(r.Slot, r.Result, now), r.Parked)).ToList();
        return new SlotStarts(results.Select(r => r.Result.Instance).OfType<InstanceInfo>().ToList(), failed,
            fresh.Where(slot => !placement.ContainsKey(slot)).ToList());
    }

    /// <summary>The app's containers that are none of its instances, per node: removed.</summary>
    public async Task RemoveStraysAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> strays)
    {
        foreach (var (node, ids) in strays)
        {
            LogStraysRemoved(logger, app.Value, ids.Count, node);
            await grains.Node(node).StopInstancesAsync(ids);
        }
    }

    /// <summary>Parked containers no slot uses any more: removed where they still are, and forgotten.</summary>
    public async Task RemoveUnusedAsync(IReadOnlyList<InstanceInfo> unused, Rollout rollout)
    {
        if (unused.Count == 0)
        {
            return;
        }

        await rollout.StopAsync(unused);
        running.Parked = running.Parked.Where(p => unused.All(u => u.ContainerId != p.ContainerId)).ToList();
    }

    private CrashInfo Crashed(InstanceSlot slot, InstanceStartResult result, DateTimeOffset now)
    {
        metrics.Crashed(app.Value);
        return running.RecordCrash(slot.ToString(), result.ExitCode ?? -1, (result.Problem ?? "").Split('\n'), now);
    }

    private async Task<InstanceStartResult> ResumeAsync(InstanceInfo parked, InstanceRequest request)
    {
        try
        {
            // Bounded as a start is: a wake holds the app's commands and the requests waiting for it.
            return await grains.Node(parked.Node).ResumeInstanceAsync(parked, request).WaitAsync(Rollout.StartBound(request));
        }
        catch (Exception ex)
        {
            // The node does not answer: start a new container elsewhere instead.
            LogNodeNotAnswering(logger, parked.Node, ex.GetBaseException().Message);
            return InstanceStartResult.Gone;
        }
    }

    /// <summary>Keeps the last lines of crashed instances for <c>ps:report</c>, then removes their containers.</summary>
    private async Task CollectCrashOutputAsync(IReadOnlyList<ExitedInstance> exited)
    {
        foreach (var exit in exited)
        {
            var instance = exit.Instance;
            try
            {
                // Bounded: a death may be reported by a node that did not answer the look (a busy engine),
                // and the app's commands wait behind this. A container left here is a stray the next pass removes.
                var output = await grains.Node(instance.Node).TailAsync(instance.ContainerId, 20).WaitAsync(CrashOutputTimeout);
                running.Crashes[instance.Name] = running.Crashes[instance.Name] with { LastOutput = output };
                await grains.Node(instance.Node).StopInstancesAsync([instance.ContainerId]).WaitAsync(CrashOutputTimeout);
            }
            catch (Exception ex)
            {
                // The node went away meanwhile; the container went with it.
                LogNodeNotAnswering(logger, instance.Node, ex.GetBaseException().Message);
            }
        }
    }

    private static InstanceSlot SlotOf(InstanceInfo instance) => new(instance.Process, instance.Index);

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
