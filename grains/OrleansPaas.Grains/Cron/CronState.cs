using OrleansPaas.Cron;

namespace OrleansPaas.Grains.Cron;

/// <summary>An app's scheduled jobs (those of its current release), whether they are suspended, and its newest runs.</summary>
[GenerateSerializer, Alias("paas.CronState")]
public sealed class CronState
{
    [Id(0)] public List<CronJobState> Jobs { get; set; } = [];

    [Id(1)] public bool Suspended { get; set; }

    /// <summary>The newest runs, oldest first (<c>Paas:Cron:KeepRuns</c>).</summary>
    [Id(2)] public List<CronRun> Runs { get; set; } = [];
}
