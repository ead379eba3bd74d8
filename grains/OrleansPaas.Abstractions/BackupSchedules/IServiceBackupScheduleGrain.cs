namespace OrleansPaas.BackupSchedules;

/// <summary>
/// The backup schedules of one service (key = service name; several schedules allowed). An Orleans
/// reminder wakes it; each due time runs once across the cluster (claimed in storage before it runs),
/// through the service's own backup command, and keeps the newest backups the schedule says.
/// </summary>
[Alias("paas.IServiceBackupScheduleGrain")]
public interface IServiceBackupScheduleGrain : IGrainWithStringKey
{
    /// <summary>Adds a schedule, or changes the kept count of an existing one with the same expression.</summary>
    [Alias("Set")]
    Task<BackupScheduleResult> SetAsync(string cron, int keep);

    [Alias("Remove")]
    Task<BackupScheduleResult> RemoveAsync(string cron);

    [Alias("List")]
    Task<IReadOnlyList<BackupSchedule>> ListAsync();

    /// <summary>Every schedule goes (the service was destroyed).</summary>
    [Alias("Clear")]
    Task ClearAsync();
}
