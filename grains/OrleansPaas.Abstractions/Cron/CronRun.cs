namespace OrleansPaas.Cron;

/// <summary>
/// One run of a job: the scheduled time it was for (null: started by <c>cron:run</c>), when it
/// started and ended, where, and its exit code (null while it runs, or when its node went away).
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.CronRun")]
public sealed record CronRun(
    [property: Id(0)] string JobId,
    [property: Id(1)] DateTimeOffset? ScheduledFor,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset? EndedAt,
    [property: Id(4)] long? ExitCode,
    [property: Id(5)] string? Node,
    [property: Id(6)] int Release,
    [property: Id(7)] string? Problem = null);
