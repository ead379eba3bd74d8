namespace OrleansPaas.Configuration;

/// <summary>Where service backups go (<c>Paas:Backups</c>) and how long proving one may take.</summary>
public sealed class BackupsOptions
{
    /// <summary>Unset → <c>&lt;DataDir&gt;/backups</c>. Each service's backups are kept in <c>services/&lt;name&gt;</c> below it.</summary>
    public string? Directory { get; set; }

    /// <summary>An S3-compatible store that also gets every backup (unset: the directory only).</summary>
    public BackupsS3Options S3 { get; set; } = new();

    /// <summary>A backup, its verification, or a restore that takes longer is stopped and reported as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a service with backup schedules looks for a due time (its Orleans reminder's period; cron's unit is the minute).</summary>
    public TimeSpan ScheduleCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A scheduled time missed while the cluster was down runs once on recovery if it is no older than this.</summary>
    public TimeSpan ScheduleCatchUp { get; set; } = TimeSpan.FromHours(1);
}
