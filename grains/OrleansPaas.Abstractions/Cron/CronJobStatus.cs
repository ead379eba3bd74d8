namespace OrleansPaas.Cron;

/// <summary>One job as <c>cron:list</c> shows it: what, when next, and how its last run went.</summary>
[GenerateSerializer, Immutable, Alias("paas.CronJobStatus")]
public sealed record CronJobStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] string Schedule,
    [property: Id(2)] string Command,
    [property: Id(3)] DateTimeOffset? NextRun,
    [property: Id(4)] CronRun? LastRun,
    [property: Id(5)] bool Running);
