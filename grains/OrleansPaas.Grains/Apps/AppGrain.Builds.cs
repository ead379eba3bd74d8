using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The app's builds are <see cref="AppBuilds"/>; the grain hosts them (its state records them) and
/// releases and deploys what they built, as one command.
/// </summary>
public sealed partial class AppGrain : IAppBuildsHost
{
    private AppBuilds _builds = null!;

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
            await Task.WhenAll(nodes.Live().Select(node => GrainFactory.GetGrain<INodeGrain>(node).PurgeBuildCacheAsync(_name.Value)));
            return AppCommandResult.Ok(Snapshot());
        });
    }

    async Task<bool> IAppBuildsHost.RunJobAsync(BuildJob job, CancellationToken abandoned)
    {
        if (job.Rebuild is { } release)
        {
            return await RebuildAsync(job.Log, release, job.Source!, abandoned);
        }

        var pipeline = new BuildPipeline(_name, GrainFactory, nodes, Records);
        var built = job.Source is { } source
            ? await pipeline.BuildAsync(job.Log, source, State.Config, abandoned)
            : await pipeline.FindImageAsync(job.Log, job.Image!);
        if (built is null)
        {
            job.Log.Error(PreviousReleaseNote());
            return false;
        }

        return await ReleaseAndDeployAsync(job.Log, built);
    }

    AppState IAppBuildsHost.State => State;
    Task IAppBuildsHost.SaveAsync() => state.WriteStateAsync();
    Task<T> IAppBuildsHost.RunCommandAsync<T>(Func<Task<T>> command) => RunCommandAsync(command);
    AppInfo IAppBuildsHost.Snapshot() => Snapshot();
    string IAppBuildsHost.PreviousReleaseNote() => PreviousReleaseNote();

    // A build can take longer than the idle-collection age; the activation stays while work remains.
    void IAppBuildsHost.Working(bool working) => DelayDeactivation(working ? TimeSpan.FromHours(2) : TimeSpan.Zero);

    /// <summary>
    /// Release (an immutable, numbered record of the image and config, tagged <c>paas/app:vN</c>
    /// on the node that holds the image) then Deploy, as one command.
    /// </summary>
    private Task<bool> ReleaseAndDeployAsync(BuildLog log, BuiltImage built) => RunCommandAsync(async () =>
    {
        if (!State.Exists)
        {
            // Destroyed while this build ran: nothing to release into.
            log.Error($"app '{_name}' was destroyed while it was building; nothing was deployed");
            return false;
        }

        if (!Builds.TryBeginDeploy(log.BuildId))
        {
            log.Error(PreviousReleaseNote());
            return false;
        }

        var version = State.NextVersion;
        var tag = ImageNames.Release(_name, version);
        ReleaseRecord release;
        using (PaasTracing.StartStep("release")?.SetTag("release", version))
        {
            var port = await GrainFactory.GetGrain<INodeGrain>(built.Node).TagReleaseAsync(built.Image, tag, built.RemoveSource) ?? Settings.Deploy.DefaultPort;
            release = await AddReleaseAsync(tag, built.Commit, port, built.Description, built.ProcessTypes, built.Kind, built.Checks, State.Config, State.Formation);
        }

        log.Step($"Releasing {_name} v{version} ({tag})");
        log.Step($"Deploying {_name} v{version}");
        var result = await DeployAsync(release, State.Formation, log, built.RunReleasePhase, keepSameProgram: false);
        if (!result.Succeeded)
        {
            log.Error(PreviousReleaseNote());
            return false;
        }

        log.Write($"=====> Application deployed: http://{VirtualHost}");
        LogDeployed(logger, _name.Value, version, built.Description);
        return true;
    });

    private string PreviousReleaseNote() => State.Current is { } current && _running.Instances.Count > 0
        ? $"v{current.Version} keeps serving http://{VirtualHost}"
        : "nothing was deployed";

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployed {App} v{Version} ({Description})")]
    private static partial void LogDeployed(ILogger logger, string app, int version, string description);
}
