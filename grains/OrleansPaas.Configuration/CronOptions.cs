namespace OrleansPaas.Configuration;

/// <summary><c>Paas:Cron</c>: app.json's scheduled jobs.</summary>
public sealed class CronOptions
{
    /// <summary>A scheduled run missed while the platform was down runs once on recovery if its time is within this.</summary>
    public TimeSpan CatchUp { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A run still going after this is stopped (its container removed) and recorded as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(14);

    /// <summary>How many of an app's newest runs <c>cron:list</c> keeps (every job's last run is kept regardless).</summary>
    public int KeepRuns { get; set; } = 50;
}
