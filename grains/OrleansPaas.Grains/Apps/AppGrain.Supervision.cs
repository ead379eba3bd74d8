using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Reconciliation is supervision: compare the instances this app should have with what the live
/// nodes' engines report, and correct the difference — crashed instances leave the routes and
/// restart with back-off, instances of a dead node or gone containers start elsewhere at once,
/// strays are removed. Runs on every pass of the reconciler and on every hint (a Docker event).
/// </summary>
public sealed partial class AppGrain
{
    // Image retention is reconciled too, now and then: a prune that found an image still in use
    // (an old instance that had not stopped yet) is completed by a later pass.
    private static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(30);

    private IGrainTimer? _backoffTimer;
    private DateTimeOffset _lastPrune;

    public Task ReconcileAsync() => RunCommandAsync(async () =>
    {
        if (State.Exists)
        {
            await ReconcileOnceAsync();
        }

        return true;
    });

    private async Task ReconcileOnceAsync()
    {
        var live = nodes.Live();
        var observed = await ObserveAsync(live);
        var now = DateTimeOffset.UtcNow;
        var crashed = new List<(InstanceInfo Instance, long ExitCode)>();

        foreach (var instance in State.Instances.ToList())
        {
            if (live.Contains(instance.Node) && !observed.ContainsKey(instance.Node))
            {
                continue; // The node is alive but did not answer: decide on a later pass.
            }

            var seen = live.Contains(instance.Node)
                ? observed[instance.Node].FirstOrDefault(o => o.Instance.ContainerId == instance.ContainerId)
                : null;
            if (seen is { Running: true })
            {
                continue;
            }

            State.Instances.Remove(instance);
            if (seen is null)
            {
                // Gone with its node, or removed behind the platform's back: start it again at once.
                LogInstanceLost(logger, _name.Value, instance.Name, instance.Node);
                continue;
            }

            var exitCode = seen.ExitCode ?? -1;
            var crash = CrashBackoff.Record(State.Crashes.GetValueOrDefault(instance.Name), instance.Name, exitCode, [], now);
            State.Crashes[instance.Name] = crash;
            metrics.Crashed(_name.Value);
            crashed.Add((instance, exitCode));
            LogInstanceExited(logger, _name.Value, instance.Name, exitCode, CrashBackoff.Delay(crash).TotalSeconds);
        }

        // Out of the routes first: not a single request more goes to a dead instance. Published on
        // every pass (a no-op when unchanged), so a publish that failed before is repaired here.
        await state.WriteStateAsync();
        await PublishRouteAsync();
        await CollectCrashOutputAsync(crashed);
        await RemoveStraysAsync(observed);
        await StartMissingAsync(NewRollout(new BuildLog(0, filePath: null)), live, now);
        if (now - _lastPrune > PruneEvery && _retiring.Count == 0)
        {
            _lastPrune = now;
            await PruneImagesAsync();
        }
    }

    /// <summary>Keeps the last lines of crashed instances for <c>ps:report</c>, then removes their containers.</summary>
    private async Task CollectCrashOutputAsync(IReadOnlyList<(InstanceInfo Instance, long ExitCode)> crashed)
    {
        foreach (var (instance, _) in crashed)
        {
            try
            {
                var output = await Node(instance.Node).TailAsync(instance.ContainerId, 20);
                State.Crashes[instance.Name] = State.Crashes[instance.Name] with { LastOutput = output };
                await Node(instance.Node).StopInstancesAsync([instance.ContainerId]);
            }
            catch (Exception ex)
            {
                // The node went away meanwhile; the container went with it.
                LogNodeNotAnswering(logger, instance.Node, ex.GetBaseException().Message);
            }
        }

        if (crashed.Count > 0)
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>This app's containers on each live node that answered.</summary>
    private async Task<Dictionary<string, IReadOnlyList<NodeInstance>>> ObserveAsync(IReadOnlyList<string> live)
    {
        var observed = new Dictionary<string, IReadOnlyList<NodeInstance>>(StringComparer.Ordinal);
        await Task.WhenAll(live.Select(async node =>
        {
            try
            {
                var instances = await Node(node).ListInstancesAsync(_name.Value).WaitAsync(TimeSpan.FromSeconds(15));
                observed[node] = instances;
            }
            catch (Exception ex)
            {
                LogNodeNotAnswering(logger, node, ex.GetBaseException().Message);
            }
        }));
        return observed;
    }

    /// <summary>
    /// Containers of this app that are not its instances: left by a deploy that never committed (the
    /// node died mid-way), or by a node that was declared dead and came back.
    /// </summary>
    private async Task RemoveStraysAsync(Dictionary<string, IReadOnlyList<NodeInstance>> observed)
    {
        foreach (var (node, seen) in observed)
        {
            var strays = seen
                .Select(s => s.Instance.ContainerId)
                .Where(id => !_retiring.Contains(id) && State.Instances.All(i => i.ContainerId != id) && State.Parked.All(p => p.ContainerId != id))
                .ToList();
            if (strays.Count > 0)
            {
                LogStraysRemoved(logger, _name.Value, strays.Count, node);
                await Node(node).StopInstancesAsync(strays);
            }
        }
    }

    /// <summary>Starts every slot of the formation that has no instance, unless it waits out a crash back-off.</summary>
    private async Task StartMissingAsync(Rollout rollout, IReadOnlyList<string> live, DateTimeOffset now)
    {
        if (State.Current is not { } release || State.Stopped || State.Sleeping || live.Count == 0)
        {
            return;
        }

        var missing = Rollout.Slots(release, State.Formation)
            .Where(slot => !State.Instances.Any(i => i.Process == slot.Process && i.Index == slot.Index))
            .ToList();
        var due = missing.Where(slot => CrashBackoff.IsDue(State.Crashes.GetValueOrDefault(slot.ToString()), now)).ToList();
        ScheduleBackoffHint(missing.Except(due).Select(slot => CrashBackoff.NextAttempt(State.Crashes[slot.ToString()])));
        if (due.Count == 0)
        {
            return;
        }

        var placement = await rollout.PlaceAsync(due, State.Instances, live);
        var results = await Task.WhenAll(placement.Select(async p => (Slot: p.Key, Node: p.Value, Result: await rollout.StartOneAsync(release, p.Key, p.Value))));
        var started = false;
        foreach (var (slot, node, result) in results)
        {
            if (result.Instance is { } instance)
            {
                State.Instances.Add(instance);
                MarkRecovered(slot.ToString());
                started = true;
                LogInstanceStarted(logger, _name.Value, slot.ToString(), node);
            }
            else
            {
                // A start that fails counts as a crash, so a broken release backs off instead of looping.
                var crash = CrashBackoff.Record(State.Crashes.GetValueOrDefault(slot.ToString()), slot.ToString(), -1,
                    (result.Problem ?? "").Split('\n'), now);
                State.Crashes[slot.ToString()] = crash;
                metrics.Crashed(_name.Value);
                ScheduleBackoffHint([CrashBackoff.NextAttempt(crash)]);
            }
        }

        State.Instances.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        await state.WriteStateAsync();
        if (started)
        {
            await PublishRouteAsync();
        }
    }

    /// <summary>Reconciles again when the earliest back-off ends, rather than waiting for the next pass.</summary>
    private void ScheduleBackoffHint(IEnumerable<DateTimeOffset> attempts)
    {
        var earliest = attempts.DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        if (earliest == DateTimeOffset.MaxValue)
        {
            return;
        }

        _backoffTimer?.Dispose();
        var delay = earliest - DateTimeOffset.UtcNow;
        _backoffTimer = this.RegisterGrainTimer(_ => ReconcileAsync(),
            new GrainTimerCreationOptions(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    private void MarkRecovered(string instance)
    {
        if (State.Crashes.TryGetValue(instance, out var crash) && crash.Restarting)
        {
            State.Crashes[instance] = crash with { Restarting = false };
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
