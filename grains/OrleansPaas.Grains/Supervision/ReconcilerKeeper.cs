using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Resilience;
using OrleansPaas.Nodes;
using OrleansPaas.Supervision;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// On every node: at start activates the node's own grain and hints the reconciler (which brings
/// every app back without a push); then hints it whenever a node joins or leaves, and keeps it
/// running, so the reconciler outlives the loss of the silo it was on.
/// </summary>
public sealed partial class ReconcilerKeeper(
    IGrainFactory grains,
    ClusterNodes nodes,
    IOptions<PaasOptions> options,
    ILogger<ReconcilerKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenGrainsAnswerAsync(stoppingToken);
        var membership = FollowMembershipAsync(stoppingToken);
        var reconciler = grains.GetGrain<IReconcilerGrain>(0);
        using var timer = new PeriodicTimer(options.Value.Supervision.Interval);
        do
        {
            try
            {
                await reconciler.KeepAsync();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogKeepFailed(logger, ex.GetBaseException().Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));

        await membership;
    }

    /// <summary>A node joining or leaving changes where instances can run: reconcile at once.</summary>
    private async Task FollowMembershipAsync(CancellationToken stoppingToken)
    {
        try
        {
            var seen = nodes.Live();
            await foreach (var _ in nodes.Changes.WithCancellation(stoppingToken))
            {
                // The partition bound's clock for a node that left starts when this node sees it go.
                nodes.NoteDepartures();
                var live = nodes.Live();
                if (live.SequenceEqual(seen))
                {
                    continue;
                }

                var left = seen.Except(live, StringComparer.Ordinal).Any();
                seen = live;
                LogMembershipChanged(logger, string.Join(", ", live));
                try
                {
                    await grains.GetGrain<IReconcilerGrain>(0).HintAsync();
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Likely the reconciler was on the node that left; the periodic keep reactivates it.
                    LogKeepFailed(logger, ex.GetBaseException().Message);
                }

                if (left)
                {
                    await WakeCronAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A node left: the cron grains it held come back on a survivor only when something calls them, and
    /// their reminder's next tick there can come a minute or two later (the reminder service takes the
    /// dead node's share over first), so a scheduled run would start late or be folded into the next.
    /// Each app's cron grain is woken now: one that was elsewhere fires nothing twice (its fired times
    /// are stored before its runs); one that was on the lost node comes back and fires what is due.
    /// </summary>
    private async Task WakeCronAsync(CancellationToken stoppingToken)
    {
        try
        {
            var apps = await grains.GetGrain<IAppRegistryGrain>(0).ListAsync();
            await Task.WhenAll(apps.Select(async app =>
            {
                try
                {
                    await grains.GetGrain<OrleansPaas.Cron.ICronGrain>(app).WakeAsync();
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Its reminder is still there to wake it.
                    LogCronWakeFailed(logger, app, ex.GetBaseException().Message);
                }
            }));
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogKeepFailed(logger, ex.GetBaseException().Message);
        }
    }

    // The silo finishes starting concurrently with hosted services, and the Docker engine may come
    // up after the node at boot: retry (with a growing pause) until the node's grain answers.
    private async Task WhenGrainsAnswerAsync(CancellationToken stoppingToken)
    {
        var retry = RetryForever.Create((ex, failures) =>
        {
            if (failures % 50 == 0)
            {
                LogKeepFailed(logger, ex.GetBaseException().Message);
            }
        });
        await retry.ExecuteAsync(async _ =>
        {
            await grains.Node(nodes.Local).GetReportAsync();
            await grains.GetGrain<IReconcilerGrain>(0).HintAsync();
        }, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the cron of {App} after a node left: {Reason}")]
    private static partial void LogCronWakeFailed(ILogger logger, string app, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster nodes now: {Nodes}; reconciling")]
    private static partial void LogMembershipChanged(ILogger logger, string nodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the reconciler: {Reason}")]
    private static partial void LogKeepFailed(ILogger logger, string reason);
}
