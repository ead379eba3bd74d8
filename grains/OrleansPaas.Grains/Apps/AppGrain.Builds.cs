using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The app's builds are <see cref="AppBuilds"/>; the grain hosts them (its state records them), and
/// <see cref="BuildAndDeploy"/> releases and deploys what they built, as one command of the grain.
/// </summary>
public sealed partial class AppGrain : IAppBuildsHost
{
    private AppBuilds _builds = null!;
    private BuildAndDeploy _jobs = null!;

    private BuildQueue Builds => _builds.Queue;
    private BuildRecords Records => _builds.Records;
    private int BuildsInFlight => _builds.InFlight;

    public Task<BuildTicket> EnqueueBuildAsync(BuildSource source) =>
        // Refused before anything is created or written: callers never choose what the node reads.
        source.Problem() is { } problem ? throw new ArgumentException(problem, nameof(source)) : _builds.EnqueuePushAsync(source);

    public Task<BuildTicket> EnqueueImageDeployAsync(string image) => _builds.EnqueueImageAsync(image);

    public Task<bool> AbandonBuildAsync(int buildId) => Task.FromResult(Builds.Abandon(buildId));

    public Task EndPushAsync(int buildId, bool published)
    {
        _builds.EndPush(buildId, published);
        return Task.CompletedTask;
    }

    public Task<BuildLogChunk> ReadBuildLogAsync(int buildId, int fromLine, TimeSpan wait, CancellationToken cancellationToken) =>
        Builds.ReadLogAsync(buildId, fromLine, wait, cancellationToken);

    public Task<IReadOnlyList<BuildRecord>?> GetBuildsAsync() => Task.FromResult(_builds.List());

    public Task<BuildOutput?> GetBuildOutputAsync(int? buildId) => _builds.OutputAsync(buildId);

    public async Task<AppCommandResult> PurgeBuildCacheAsync()
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        // As a command, so no release of this app is between its steps; every node that built it has a cache.
        return await RunCommandAsync(async () =>
        {
            await Task.WhenAll(nodes.Live().Select(node => GrainFactory.Node(node).PurgeBuildCacheAsync(_name.Value)));
            return AppCommandResult.Ok(Snapshot());
        });
    }

    Task<bool> IAppBuildsHost.RunJobAsync(BuildJob job, CancellationToken abandoned) => _jobs.RunAsync(job, abandoned);

    AppState IAppBuildsHost.State => State;
    Task IAppBuildsHost.SaveAsync() => state.WriteStateAsync();
    Task<T> IAppBuildsHost.RunCommandAsync<T>(Func<Task<T>> command) => RunCommandAsync(command);
    AppInfo IAppBuildsHost.Snapshot() => Snapshot();
    string IAppBuildsHost.PreviousReleaseNote() => PreviousReleaseNote();
    string IDeployHost.PreviousReleaseNote() => PreviousReleaseNote();

    // A build can take longer than the idle-collection age; the activation stays while work remains.
    void IAppBuildsHost.Working(bool working) => DelayDeactivation(working ? TimeSpan.FromHours(2) : TimeSpan.Zero);

    string IDeployHost.VirtualHost => VirtualHost;

    private string PreviousReleaseNote() => State.Current is { } current && _running.Instances.Count > 0
        ? $"v{current.Version} keeps serving http://{VirtualHost}"
        : "nothing was deployed";
}
