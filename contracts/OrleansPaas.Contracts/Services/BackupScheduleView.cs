namespace OrleansPaas.Contracts.Services;

/// <summary>One backup schedule of a service: its cron expression (UTC), how many backups it keeps, and its last and next run.</summary>
public sealed record BackupScheduleView(
    string Cron,
    int Keep,
    DateTimeOffset Added,
    DateTimeOffset? LastRun,
    string? LastOutcome,
    DateTimeOffset? NextRun);
