using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;
using OrleansPaas.Routing;
using OrleansPaas.Supervision;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// Runs reconciliation passes over every app: on a timer (<c>Paas:Supervision:Interval</c>) and
/// on hints. One pass at a time; a hint during a pass asks for exactly one more.
/// </summary>
[Reentrant]
public sealed partial class ReconcilerGrain(IOptions<PaasOptions> options, ClusterNodes nodes, ILogger<ReconcilerGrain> logger) : Grain, IReconcilerGrain
{
    // Apps reconciled at once: each asks every node for a list, so keep the engines' load bounded.
    private const int Parallelism = 4;
    private static readonly TimeSpan AppTimeout = TimeSpan.FromSeconds(30);

    private IGrainTimer? _timer;
    private static readonly TimeSpan NodeListTimeout = TimeSpan.FromSeconds(15);
    // Passes take turns: a registry, route table or node that hangs (up, but not answering) must not stop every later pass.
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OrphanRemovalTimeout = TimeSpan.FromSeconds(60);

    private Task _pass = Task.CompletedTask;
    private TaskCompletionSource? _next;

    public Task KeepAsync()
    {
        _timer ??= this.RegisterGrainTimer(_ => HintAsync(),
            new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.Supervision.Interval) { Interleave = true, KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task HintAsync()
    {
        _ = NextPassAsync();
        return Task.CompletedTask;
    }

    public Task PassAsync() => NextPassAsync();

    /// <summary>A pass that begins after this call: a hint during a pass asks for exactly one more, shared by every caller meanwhile.</summary>
    private Task NextPassAsync()
    {
        if (_pass.IsCompleted)
        {
            _pass = RunPassesAsync();
            return _pass;
        }

        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _next.Task;
    }

    private async Task RunPassesAsync()
    {
        await OnePassAsync();
        while (_next is { } waiting)
        {
            _next = null;
            await OnePassAsync();
            waiting.TrySetResult();
        }
    }

    private async Task OnePassAsync()
    {
        try
        {
            await ReconcileEveryAppAsync();
        }
        catch (Exception ex)
        {
            LogPassFailed(logger, ex);
        }
    }

    private async Task ReconcileEveryAppAsync()
    {
        var apps = await GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync().WaitAsync(LookupTimeout);
        // Each node's engine is asked once per pass, whatever the number of apps; every app gets its part.
        var lists = await ListEveryNodeAsync(nodes.Live());
        var answered = lists.Keys.ToList();
        var byApp = lists.Values.SelectMany(list => list).GroupBy(c => c.App, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<NodeInstance>)g.ToList(), StringComparer.Ordinal);
        // Bounded fan-out on the grain's own scheduler (Parallel.ForEachAsync would leave it).
        using var slots = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(apps.Select(async app =>
        {
            await slots.WaitAsync();
            try
            {
                var observation = new AppObservation(answered, byApp.GetValueOrDefault(app) ?? []);
                // An app busy with a long deploy must not hold up the others (or the route table's confirmation).
                await GrainFactory.GetGrain<IAppGrain>(app).ReconcileAsync(observation).WaitAsync(AppTimeout);
            }
            catch (Exception ex)
            {
                LogAppFailed(logger, ex, app);
            }
            finally
            {
                slots.Release();
            }
        }));

        // Every app has now published instances it checked against the nodes.
        await GrainFactory.GetGrain<IRouteTableGrain>(0).ConfirmAsync().WaitAsync(LookupTimeout);
        // Read again: an app created during the pass must not look orphaned.
        await RemoveOrphansAsync(await GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync().WaitAsync(LookupTimeout), lists);
    }

    /// <summary>Every live node's app containers, one engine call each; a node that does not answer in time is left out of this pass.</summary>
    private async Task<Dictionary<string, IReadOnlyList<NodeInstance>>> ListEveryNodeAsync(IReadOnlyList<string> live)
    {
        var lists = new Dictionary<string, IReadOnlyList<NodeInstance>>(StringComparer.Ordinal);
        await Task.WhenAll(live.Select(async node =>
        {
            try
            {
                lists[node] = await GrainFactory.Node(node).ListAllInstancesAsync().WaitAsync(NodeListTimeout);
            }
            catch (Exception ex)
            {
                LogNodeNotListed(logger, node, ex.GetBaseException().Message);
            }
        }));
        return lists;
    }

    /// <summary>
    /// Apps destroyed while a node was away left their containers there: every node that answered
    /// removes those of apps that are gone. The registry's list only nominates: an app missing from it
    /// (a write that failed, a registry read from an older state) is removed only when its own grain,
    /// which holds its state, says it does not exist; one that does exist is registered again.
    /// </summary>
    private async Task RemoveOrphansAsync(IReadOnlyList<string> apps, Dictionary<string, IReadOnlyList<NodeInstance>> lists)
    {
        var verdicts = new Dictionary<string, Task<bool>>(StringComparer.Ordinal);
        foreach (var (node, list) in lists)
        {
            try
            {
                var withInstances = list.Select(c => c.App).Distinct(StringComparer.Ordinal).ToList();
                foreach (var app in await GrainFactory.Node(node).FindOrphansAsync(apps, withInstances).WaitAsync(NodeListTimeout))
                {
                    if (!AppName.TryParse(app, out _, out _))
                    {
                        continue;
                    }

                    if (!verdicts.TryGetValue(app, out var gone))
                    {
                        verdicts[app] = gone = IsGoneAsync(app);
                    }

                    if (await gone)
                    {
                        await GrainFactory.Node(node).RemoveAppAsync(app).WaitAsync(OrphanRemovalTimeout);
                        LogOrphanRemoved(logger, app, node);
                    }
                }
            }
            catch (Exception ex)
            {
                // Typically a node that died and is not yet declared dead, or storage that does not
                // answer (then nothing is removed); the next pass tries again.
                LogOrphansSkipped(logger, node, ex.GetBaseException().Message);
            }
        }
    }

    /// <summary>True only when the app's grain, read from storage, says the app does not exist.</summary>
    private async Task<bool> IsGoneAsync(string app)
    {
        if ((await GrainFactory.GetGrain<IAppGrain>(app).GetInfoAsync().WaitAsync(LookupTimeout)).Exists)
        {
            await GrainFactory.GetGrain<IAppRegistryGrain>(0).RegisterAsync(app).WaitAsync(LookupTimeout);
            LogRegisteredAgain(logger, app);
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for leftovers of destroyed apps on node {Node}: {Reason}")]
    private static partial void LogOrphansSkipped(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App} exists but was missing from the app registry: registered again")]
    private static partial void LogRegisteredAgain(ILogger logger, string app);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed what was left of destroyed app {App} on node {Node}")]
    private static partial void LogOrphanRemoved(ILogger logger, string app, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} did not list its containers for this pass: {Reason}")]
    private static partial void LogNodeNotListed(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciliation pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not reconcile {App}")]
    private static partial void LogAppFailed(ILogger logger, Exception exception, string app);
}
