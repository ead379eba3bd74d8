using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The app's builds: its <see cref="BuildQueue"/> runs one job at a time, the
/// <see cref="BuildPipeline"/> builds on the node that took the push, and <see cref="BuildRecords"/>
/// keeps <c>builds:list</c>. The grain queues (a command) and releases and deploys what was built
/// (a command on its state); it runs the queue's jobs as their <see cref="IBuildJobRunner"/>.
/// </summary>
public sealed partial class AppGrain : IBuildJobRunner
{
    private BuildQueue? _queue;
    private BuildRecords? _records;
    private bool _destroying;
    // A push is a compare-and-swap on the deploy branch, decided here before anything is built.
    private readonly Receive.PushGate _pushes = new();

    private BuildQueue Builds => _queue ??= new BuildQueue(_name.Value, this, logger);
    private BuildRecords Records => _records ??= new BuildRecords(id => GrainFactory.GetGrain<IBuildOutputGrain>(IBuildOutputGrain.Key(_name.Value, id)));
    private int BuildsInFlight => Builds.InFlight;

    public Task<BuildTicket> EnqueueBuildAsync(BuildSource source) =>
        // Refused before anything is created or written: callers never choose what the node reads.
        source.Problem() is { } problem ? throw new ArgumentException(problem, nameof(source)) : EnqueueAsync(source, null, createApp: true);

    public Task<BuildTicket> EnqueueImageDeployAsync(string image) => EnqueueAsync(null, image, createApp: false);

    public Task<bool> AbandonBuildAsync(int buildId) => Task.FromResult(Builds.Abandon(buildId));

    public Task EndPushAsync(int buildId, bool published)
    {
        _pushes.PushEnded(buildId, published);
        return Task.CompletedTask;
    }

    public Task<BuildLogChunk> ReadBuildLogAsync(int buildId, int fromLine, TimeSpan wait, CancellationToken cancellationToken) =>
        Builds.ReadLogAsync(buildId, fromLine, wait, cancellationToken);

    public Task<IReadOnlyList<BuildRecord>?> GetBuildsAsync() =>
        Task.FromResult<IReadOnlyList<BuildRecord>?>(State.Exists ? State.Builds.ToList() : null);

    public Task<BuildOutput?> GetBuildOutputAsync(int? buildId) =>
        State.Exists ? Records.ReadAsync(State.Builds, buildId, Builds.Log) : Task.FromResult<BuildOutput?>(null);

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

    private async Task<BuildTicket> EnqueueAsync(BuildSource? source, string? image, bool createApp)
    {
        var trace = PaasTracing.TakeCarried();
        if (_destroying)
        {
            // Not queued behind the destroy: the push would create the app again as it goes.
            return Builds.Refuse(State.NextBuildId++, $"app '{_name}' is being destroyed; push again once it is gone to create it anew");
        }

        // A push that could only overwrite another is refused before anything is created or built;
        // checked again below, inside the command, where no other push can claim the branch meanwhile.
        if (source is not null && _pushes.Refusal(source, DateTimeOffset.UtcNow) is { } early)
        {
            return BuildTicket.Refused(early);
        }

        // A push creates its app (as in Dokku); an image deploy only targets an existing one.
        var created = createApp ? await EnsureCreatedAsync()
            : State.Exists ? AppCommandResult.Ok(Snapshot()) : AppCommandResult.NotFound(_name.Value);
        var id = State.NextBuildId++;
        if (!created.Succeeded)
        {
            return Builds.Refuse(id, created.Error!);
        }

        var (stillExists, raced) = await RunCommandAsync<(bool, string?)>(async () =>
        {
            // A destroy may have run (or begun) between the creation and here.
            if (!State.Exists || _destroying)
            {
                return (false, null);
            }

            if (source is not null && _pushes.Refusal(source, DateTimeOffset.UtcNow) is { } refusal)
            {
                return (true, refusal);
            }

            State.Builds.Add(BuildRecords.Queued(id, source, image, nodes.Local, DateTimeOffset.UtcNow));
            await state.WriteStateAsync();
            if (source is not null)
            {
                _pushes.Claim(id, source);
            }

            return (true, null);
        });
        if (raced is not null)
        {
            return BuildTicket.Refused(raced);
        }

        return stillExists
            ? Builds.Enqueue(id, source, image, trace)
            : Builds.Refuse(id, $"app '{_name}' was destroyed meanwhile; push again to create it");
    }

    async Task<bool> IBuildJobRunner.RunAsync(BuildJob job, CancellationToken abandoned)
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

    string IBuildJobRunner.NothingDeployedNote() => PreviousReleaseNote();

    /// <summary>Finishes the job's record and stores its output, as one command; then forgets the records beyond the limit.</summary>
    async Task IBuildJobRunner.FinishedAsync(BuildJob job, bool deployed)
    {
        _pushes.BuildEnded(job.Id, deployed, DateTimeOffset.UtcNow);
        var output = BuildRecords.OutputOf(job.Log);
        var forgotten = await RunCommandAsync<IReadOnlyList<BuildRecord>>(async () =>
        {
            var now = DateTimeOffset.UtcNow;
            // A rebuild made its release's image again; it made no release of its own.
            var release = deployed ? job.Rebuild?.Version ?? State.CurrentVersion : (int?)null;
            if (!State.Exists || Records.Finish(State.Builds, job.Id, job.Log.Outcome, release, Settings.Builds.Keep, now) is not { } finish)
            {
                return [];
            }

            metrics.BuildEnded(_name.Value, job.Log.Outcome, now - finish.Finished.StartedAt);
            await Records.SaveOutputAsync(job.Id, output);
            await state.WriteStateAsync();
            return finish.Forgotten;
        });

        job.Log.KeepLast(BuildRecords.LinesKeptOnceStored);
        await Records.ForgetOutputsAsync(forgotten);
    }

    // A build can take longer than the idle-collection age; the activation stays while work remains.
    void IBuildJobRunner.Working(bool working) => DelayDeactivation(working ? TimeSpan.FromHours(2) : TimeSpan.Zero);

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
