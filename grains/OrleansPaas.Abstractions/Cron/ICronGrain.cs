using OrleansPaas.Apps;

namespace OrleansPaas.Cron;

/// <summary>
/// One app's scheduled jobs (key = app name): the jobs of its current release (app.json
/// <c>cron</c>), fired from a reminder exactly once per scheduled time across the cluster, each a
/// one-off container of the current release.
/// </summary>
[Alias("paas.ICronGrain")]
public interface ICronGrain : IGrainWithStringKey
{
    /// <summary>The app deployed a release with these jobs (none: nothing is scheduled any more).</summary>
    [Alias("Follow")]
    Task FollowAsync(IReadOnlyList<CronJob> jobs);

    /// <summary>The app was destroyed: its jobs and their history go, and nothing fires again.</summary>
    [Alias("Forget")]
    Task ForgetAsync();

    [Alias("Report")]
    Task<CronReport> GetReportAsync();

    /// <summary><c>cron:run</c>: starts job <paramref name="id"/> now, unless a run of it is still going.</summary>
    [Alias("RunNow")]
    Task<CronCommandResult> RunNowAsync(string id);

    /// <summary><c>cron:suspend</c> (true) / <c>cron:resume</c> (false): scheduled runs stop or start again; times passed while suspended are not caught up.</summary>
    [Alias("Suspend")]
    Task<CronCommandResult> SetSuspendedAsync(bool suspended);

    /// <summary>Starts every job whose scheduled time has come and that has not run for it (what the reminder and timer do).</summary>
    [Alias("Wake")]
    Task WakeAsync();
}
