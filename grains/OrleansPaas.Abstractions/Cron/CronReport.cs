namespace OrleansPaas.Cron;

/// <summary><c>cron:list</c>: the app's jobs and its newest runs (oldest first).</summary>
[GenerateSerializer, Immutable, Alias("paas.CronReport")]
public sealed record CronReport(
    [property: Id(0)] bool Suspended,
    [property: Id(1)] IReadOnlyList<CronJobStatus> Jobs,
    [property: Id(2)] IReadOnlyList<CronRun> Runs);
