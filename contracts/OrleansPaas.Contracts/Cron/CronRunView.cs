namespace OrleansPaas.Contracts.Cron;

/// <summary>
/// One run: the scheduled time it was for (null: <c>cron:run</c>), start and end, the node and release
/// it ran on, its exit code (null while running or when it was lost), and why it did not run or end, if so.
/// </summary>
public sealed record CronRunView(string JobId, DateTimeOffset? ScheduledFor, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    long? ExitCode, string? Node, int Release, string? Problem);
