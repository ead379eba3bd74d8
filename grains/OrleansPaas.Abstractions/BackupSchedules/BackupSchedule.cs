namespace OrleansPaas.BackupSchedules;

/// <summary>
/// One backup schedule of a service: a cron expression (UTC; five fields, or six with seconds first),
/// how many of the newest backups to keep after each run, and what its last run did.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.BackupSchedule")]
public sealed record BackupSchedule(
    [property: Id(0)] string Cron,
    [property: Id(1)] int Keep,
    [property: Id(2)] DateTimeOffset Added,
    [property: Id(3)] DateTimeOffset? LastRun,
    [property: Id(4)] string? LastOutcome,
    [property: Id(5)] DateTimeOffset? NextRun);
