using Microsoft.Extensions.Logging;
using OrleansPaas.Cron;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// A node left: the cron grains it held come back on a survivor only when something calls them, and
/// their reminder's next tick there can come a minute or two later (the reminder service takes the
/// dead node's share over first), so a scheduled run would start late or be folded into the next.
/// Every node sees the departure and says so; the reconciler, being one, wakes each app with cron jobs
/// once per departure. One that was elsewhere fires nothing twice (its fired times are stored before
/// its runs); one that was on the lost node comes back and fires what is due.
/// </summary>
public sealed partial class ReconcilerGrain
{
    // Departures already acted on, newest last; bounded (a departure is told within seconds, by every node).
    private const int DeparturesKept = 256;
    private const int CronParallelism = 16;

    private readonly HashSet<string> _departed = new(StringComparer.Ordinal);
    private readonly Queue<string> _departedOrder = new();
    private Task _cronWake = Task.CompletedTask;
    private bool _wakeCronAgain;

    public Task NodesLeftAsync(IReadOnlyList<string> runs)
    {
        var fresh = runs.Where(Remember).ToList();
        if (fresh.Count == 0)
        {
            return Task.CompletedTask;
        }

        LogNodesLeft(logger, string.Join(", ", fresh));
        if (_cronWake.IsCompleted)
        {
            _cronWake = WakeCronUntilQuietAsync();
        }
        else
        {
            // Crons woken before this departure may have been on the node that just left: once more after.
            _wakeCronAgain = true;
        }

        return Task.CompletedTask;
    }

    private bool Remember(string run)
    {
        if (!_departed.Add(run))
        {
            return false;
        }

        _departedOrder.Enqueue(run);
        if (_departedOrder.Count > DeparturesKept)
        {
            _departed.Remove(_departedOrder.Dequeue());
        }

        return true;
    }

    private async Task WakeCronUntilQuietAsync()
    {
        do
        {
            _wakeCronAgain = false;
            await WakeEveryFiringCronAsync();
        }
        while (_wakeCronAgain);
    }

    private async Task WakeEveryFiringCronAsync()
    {
        IReadOnlyList<string> apps;
        try
        {
            apps = await GrainFactory.GetGrain<ICronAppsGrain>(0).ListAsync();
        }
        catch (Exception ex)
        {
            // Their reminders are still there to wake them.
            LogCronWakeFailed(logger, "(the list of apps with cron jobs)", ex.GetBaseException().Message);
            return;
        }

        using var slots = new SemaphoreSlim(CronParallelism);
        await Task.WhenAll(apps.Select(async app =>
        {
            await slots.WaitAsync();
            try
            {
                await GrainFactory.GetGrain<ICronGrain>(app).WakeAsync().WaitAsync(AppTimeout);
            }
            catch (Exception ex)
            {
                LogCronWakeFailed(logger, app, ex.GetBaseException().Message);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nodes left the cluster ({Runs}): waking the cron of apps with jobs")]
    private static partial void LogNodesLeft(ILogger logger, string runs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the cron of {App} after a node left: {Reason}")]
    private static partial void LogCronWakeFailed(ILogger logger, string app, string reason);
}
