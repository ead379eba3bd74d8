using OrleansPaas.Grains.Cron;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.BackupSchedules;

namespace OrleansPaas.Grains.BackupSchedules;

/// <summary>
/// A service's backup schedules. The reminder (one per service, kept by the cluster) wakes it; a due
/// time is claimed in storage before its backup starts, so a second activation (after a partition) whose
/// write is refused never runs it again. The backup runs beside the grain's calls, one at a time.
/// </summary>
public sealed partial class ServiceBackupScheduleGrain(
    [PersistentState("service-backup-schedules", GrainStorage.Name)] IPersistentState<ServiceBackupScheduleState> state,
    IScheduledBackupRunner runner,
    IOptions<PaasOptions> options,
    ILogger<ServiceBackupScheduleGrain> logger) : Grain, IServiceBackupScheduleGrain, IRemindable
{
    public const int MaxKeep = 1000;
    private const string Reminder = "service-backups";
    private Task _running = Task.CompletedTask;

    private string Service => this.GetPrimaryKeyString();

    private BackupsOptions Backups => options.Value.Backups;

    public async Task<BackupScheduleResult> SetAsync(string cron, int keep)
    {
        var schedule = CronSchedule.TryParse(cron, out var problem, allowSeconds: true);
        if (schedule is null)
        {
            return new BackupScheduleResult(problem + ".", state.State.Schedules);
        }

        if (keep is < 1 or > MaxKeep)
        {
            return new BackupScheduleResult($"--keep must be between 1 and {MaxKeep}, not {keep}.", state.State.Schedules);
        }

        var text = Normalize(cron);
        var now = DateTimeOffset.UtcNow;
        var existing = state.State.Schedules.FindIndex(s => s.Cron == text);
        var updated = existing >= 0
            ? state.State.Schedules[existing] with { Keep = keep }
            : new BackupSchedule(text, keep, now, null, null, schedule.NextAfter(now));
        var schedules = state.State.Schedules.ToList();
        if (existing >= 0)
        {
            schedules[existing] = updated;
        }
        else
        {
            schedules.Add(updated);
        }

        await SaveAsync(schedules);
        await this.RegisterOrUpdateReminder(Reminder, Backups.ScheduleCheckInterval, Backups.ScheduleCheckInterval);
        return new BackupScheduleResult(null, state.State.Schedules);
    }

    public async Task<BackupScheduleResult> RemoveAsync(string cron)
    {
        var text = Normalize(cron);
        if (!state.State.Schedules.Any(s => s.Cron == text))
        {
            return new BackupScheduleResult($"Service {Service} has no backup schedule \"{text}\".", state.State.Schedules);
        }

        await SaveAsync(state.State.Schedules.Where(s => s.Cron != text).ToList());
        if (state.State.Schedules.Count == 0)
        {
            await UnregisterAsync();
        }

        return new BackupScheduleResult(null, state.State.Schedules);
    }

    public Task<IReadOnlyList<BackupSchedule>> ListAsync() => Task.FromResult<IReadOnlyList<BackupSchedule>>(state.State.Schedules);

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        await UnregisterAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Schedules.Count == 0)
        {
            await UnregisterAsync();
            return;
        }

        if (!_running.IsCompleted)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var due = new List<BackupSchedule>();
        var schedules = state.State.Schedules.Select(s =>
        {
            var cron = CronSchedule.TryParse(s.Cron, out _, allowSeconds: true)!;
            if (cron.Due(s.LastRun ?? s.Added, now, Backups.ScheduleCatchUp) is not { } time)
            {
                return s;
            }

            var claimed = s with { LastRun = time, LastOutcome = "running", NextRun = cron.NextAfter(now) };
            due.Add(claimed);
            return claimed;
        }).ToList();
        if (due.Count == 0)
        {
            return;
        }

        // The claim: if another activation already wrote, this write is refused and nothing runs here.
        await SaveAsync(schedules);
        _running = RunAsync(due);
    }

    /// <summary>Several schedules due at once make one backup, made for (and counted by) each of them.</summary>
    private async Task RunAsync(IReadOnlyList<BackupSchedule> due)
    {
        var retention = new OrleansPaas.NodeServices.Services.Backups.BackupRetention(
            due.Select(s => s.Cron).ToList(), state.State.Schedules.ToDictionary(s => s.Cron, s => s.Keep, StringComparer.Ordinal));
        string outcome;
        try
        {
            using var timeout = new CancellationTokenSource(Backups.Timeout * 2);
            outcome = await runner.RunAsync(Service, retention, timeout.Token);
        }
        catch (Exception ex)
        {
            outcome = $"The scheduled backup of {Service} failed: {ex.GetBaseException().Message}";
        }

        LogRan(logger, Service, outcome);
        var crons = due.Select(s => s.Cron).ToHashSet();
        await SaveAsync(state.State.Schedules.Select(s => crons.Contains(s.Cron) ? s with { LastOutcome = outcome } : s).ToList());
    }

    private async Task SaveAsync(List<BackupSchedule> schedules)
    {
        var before = state.State.Schedules;
        state.State.Schedules = schedules;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory stays what storage holds: a refused command changed nothing. The write may have
            // landed all the same (its answer lost), leaving this activation's ETag stale so that every
            // later claim would be refused: a new activation reads storage's truth (as the cron grain does).
            state.State.Schedules = before;
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task UnregisterAsync()
    {
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static string Normalize(string cron) => string.Join(' ', cron.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: scheduled backup: {Outcome}")]
    private static partial void LogRan(ILogger logger, string service, string outcome);
}
