using OrleansPaas.Apps;
using OrleansPaas.Cron;

namespace OrleansPaas.Grains.Cron;

/// <summary>
/// One job as the cron grain stores it: the job, the time from which it is followed, the last
/// scheduled time it fired for (written before that run starts: the exactly-once record), and its last run.
/// </summary>
[GenerateSerializer, Alias("paas.CronJobState")]
public sealed class CronJobState
{
    [Id(0)] public required CronJob Job { get; set; }

    /// <summary>No scheduled time at or before this fires (the job was added, or cron resumed, then).</summary>
    [Id(1)] public DateTimeOffset Since { get; set; }

    [Id(2)] public DateTimeOffset? LastScheduled { get; set; }

    [Id(3)] public CronRun? LastRun { get; set; }
}
