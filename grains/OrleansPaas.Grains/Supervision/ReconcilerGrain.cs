using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Nodes;
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
    private Task _pass = Task.CompletedTask;
    private bool _again;

    public Task KeepAsync()
    {
        _timer ??= this.RegisterGrainTimer(_ => HintAsync(),
            new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.Supervision.Interval) { Interleave = true, KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task HintAsync()
    {
        if (_pass.IsCompleted)
        {
            _pass = RunPassesAsync();
        }
        else
        {
            _again = true;
        }

        return Task.CompletedTask;
    }

    private async Task RunPassesAsync()
    {
        do
        {
            _again = false;
            try
            {
                await PassAsync();
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex);
            }
        }
        while (_again);
    }

    private async Task PassAsync()
    {
        var apps = await GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync();
        // Bounded fan-out on the grain's own scheduler (Parallel.ForEachAsync would leave it).
        using var slots = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(apps.Select(async app =>
        {
            await slots.WaitAsync();
            try
            {
                // An app busy with a long deploy must not hold up the others (or the route table's confirmation).
                await GrainFactory.GetGrain<IAppGrain>(app).ReconcileAsync().WaitAsync(AppTimeout);
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
        await GrainFactory.GetGrain<IRouteTableGrain>(0).ConfirmAsync();
        // Read again: an app created during the pass must not look orphaned.
        await RemoveOrphansAsync(await GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync());
    }

    /// <summary>Apps destroyed while a node was away left their containers there: every node removes those of apps that are gone.</summary>
    private async Task RemoveOrphansAsync(IReadOnlyList<string> apps)
    {
        foreach (var node in nodes.Live())
        {
            try
            {
                foreach (var app in await GrainFactory.GetGrain<INodeGrain>(node).RemoveOrphansAsync(apps))
                {
                    LogOrphanRemoved(logger, app, node);
                }
            }
            catch (Exception ex)
            {
                // Typically a node that died and is not yet declared dead; the next pass tries again.
                LogOrphansSkipped(logger, node, ex.GetBaseException().Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for leftovers of destroyed apps on node {Node}: {Reason}")]
    private static partial void LogOrphansSkipped(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed what was left of destroyed app {App} on node {Node}")]
    private static partial void LogOrphanRemoved(ILogger logger, string app, string node);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciliation pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not reconcile {App}")]
    private static partial void LogAppFailed(ILogger logger, Exception exception, string app);
}
