using Orleans.Concurrency;
using OrleansPaas.Builds;

namespace OrleansPaas.Apps;

/// <summary>
/// The single writer for one app (key = app name): releases, build queue, containers, routes.
/// Long work runs as a queue inside the grain; the read methods interleave so they never
/// wait behind a build.
/// </summary>
[Alias("paas.IAppGrain")]
public interface IAppGrain : IGrainWithStringKey
{
    /// <summary>Creates the app if it does not exist yet (the first push creates it, as in Dokku).</summary>
    [Alias("EnsureCreated")]
    Task<AppInfo> EnsureCreatedAsync();

    /// <summary>Queues a build of the given source and returns at once; progress is read with <see cref="ReadBuildLogAsync"/>.</summary>
    [Alias("EnqueueBuild")]
    Task<BuildTicket> EnqueueBuildAsync(BuildSource source);

    /// <summary>Log lines of a build from <paramref name="fromLine"/> on; waits up to <paramref name="wait"/> for new lines.</summary>
    [AlwaysInterleave, Alias("ReadBuildLog")]
    Task<BuildLogChunk> ReadBuildLogAsync(int buildId, int fromLine, TimeSpan wait, CancellationToken cancellationToken = default);

    [AlwaysInterleave, Alias("GetInfo")]
    Task<AppInfo> GetInfoAsync();

    /// <summary>Brings the current release back up (after a node restart) without rebuilding.</summary>
    [Alias("EnsureRunning")]
    Task EnsureRunningAsync();
}
