using Orleans.Concurrency;

namespace OrleansPaas.Cron;

/// <summary>
/// The apps whose cron has something to fire (key 0): jobs, not suspended. Kept by each app's cron
/// grain, so that whoever must wake every cron (a node left) asks only these, not every app.
/// </summary>
[Alias("paas.ICronAppsGrain")]
public interface ICronAppsGrain : IGrainWithIntegerKey
{
    /// <summary>The app's cron has something to fire (true) or nothing any more (false).</summary>
    [Alias("Set")]
    Task SetAsync(string app, bool firing);

    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}
