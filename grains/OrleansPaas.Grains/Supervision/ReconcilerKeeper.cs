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
/// every app back without a push); then hints it whenever a node joins or leaves, tells it which
/// nodes left, and keeps it running, so the reconciler outlives the loss of the silo it was on.
/// </summary>
public sealed partial class ReconcilerKeeper(
    IGrainFactory grains,
    ClusterNodes nodes,
    IOptions<PaasOptions> options,
    ILogger<ReconcilerKeeper> logger) : BackgroundService
{
    // Nodes' runs seen leaving that the reconciler has not been told of yet.
    private readonly HashSet<string> _untold = new(StringComparer.Ordinal);

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
                await TellDeparturesAsync(stoppingToken);
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
            var seenRuns = nodes.LiveRuns();
            await foreach (var _ in nodes.Changes.WithCancellation(stoppingToken))
            {
                // The partition bound's clock for a node that left starts when this node sees it go.
                nodes.NoteDepartures();
                var runs = nodes.LiveRuns();
                // A node restarted under its name between two looks also left: compare runs, not names.
                NoteLeft(seenRuns.Except(runs, StringComparer.Ordinal));
                seenRuns = runs;
                var live = nodes.Live();
                if (!live.SequenceEqual(seen))
                {
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
                }

                await TellDeparturesAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void NoteLeft(IEnumerable<string> runs)
    {
        lock (_untold)
        {
            _untold.UnionWith(runs);
        }
    }

    /// <summary>
    /// Tells the reconciler which nodes' runs left (it acts once per departure, whichever node tells it
    /// first). What could not be told (the reconciler was on the node that left) is told again at the
    /// next membership change or keep.
    /// </summary>
    private async Task TellDeparturesAsync(CancellationToken stoppingToken)
    {
        List<string> runs;
        lock (_untold)
        {
            runs = [.. _untold];
        }

        if (runs.Count == 0)
        {
            return;
        }

        try
        {
            await grains.GetGrain<IReconcilerGrain>(0).NodesLeftAsync(runs);
            lock (_untold)
            {
                _untold.ExceptWith(runs);
            }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster nodes now: {Nodes}; reconciling")]
    private static partial void LogMembershipChanged(ILogger logger, string nodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the reconciler: {Reason}")]
    private static partial void LogKeepFailed(ILogger logger, string reason);
}
