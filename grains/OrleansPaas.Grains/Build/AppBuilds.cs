using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Apps;
using OrleansPaas.Grains.Receive;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Telemetry;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// One app's builds: pushes admitted through its <see cref="PushGate"/> (a compare-and-swap on the
/// deploy branch, decided before anything is built), its <see cref="BuildQueue"/> running one job at
/// a time, and <see cref="BuildRecords"/> keeping <c>builds:list</c> and each build's output. The
/// grain (<see cref="IAppBuildsHost"/>) owns the state they are recorded in and deploys what was built.
/// </summary>
public sealed partial class AppBuilds(AppName app, IAppBuildsHost host, string localNode, IGrainFactory grains, PaasMetrics metrics, int keep, ILogger logger)
    : IBuildJobRunner
{
    private const string RebuildRef = "refs/heads/main";

    private readonly PushGate _pushes = new();
    private BuildQueue? _queue;
    private bool _destroying;

    public BuildQueue Queue => _queue ??= new BuildQueue(app.Value, this, logger);

    public BuildRecords Records { get; } = new(id => grains.GetGrain<IBuildOutputGrain>(IBuildOutputGrain.Key(app.Value, id)));

    public int InFlight => Queue.InFlight;

    private AppState State => host.State;

    /// <summary>A push of a commit: refused early when it could only overwrite another push; creates the app on its first push.</summary>
    public Task<BuildTicket> EnqueuePushAsync(BuildSource source) => EnqueueAsync(source, null, createApp: true);

    /// <summary>A <c>git:from-image</c> deploy: only into an existing app.</summary>
    public Task<BuildTicket> EnqueueImageAsync(string image) => EnqueueAsync(null, image, createApp: false);

    public void EndPush(int buildId, bool published) => _pushes.PushEnded(buildId, published);

    public IReadOnlyList<BuildRecord>? List() => State.Exists ? State.Builds.ToList() : null;

    public Task<BuildOutput?> OutputAsync(int? buildId) =>
        State.Exists ? Records.ReadAsync(State.Builds, buildId, Queue.Log) : Task.FromResult<BuildOutput?>(null);

    /// <summary>
    /// Queues a build of <paramref name="release"/>'s commit, whose image no live node holds (inside a
    /// command), when <see cref="RebuildPolicy"/> says it is due: a build record of its own ("rebuild of vN").
    /// </summary>
    public async Task QueueRebuildAsync(ReleaseRecord release, IReadOnlyList<string> live)
    {
        var verdict = RebuildPolicy.Decide(release, State.Builds, State.Stopped, InFlight, DateTimeOffset.UtcNow);
        if (verdict == RebuildVerdict.Impossible)
        {
            LogImageLostForGood(logger, app.Value, release.Version, release.Image);
        }

        if (verdict != RebuildVerdict.Queue)
        {
            return;
        }

        var source = new BuildSource(release.Commit, null, RebuildRef, RebuildPolicy.Node(release, State.Builds, live, localNode));
        var id = State.NextBuildId++;
        State.Builds.Add(BuildRecords.Queued(id, source, null, localNode, DateTimeOffset.UtcNow) with { RebuildOf = release.Version });
        await host.SaveAsync();
        LogRebuildQueued(logger, app.Value, release.Version, release.Image, id, source.Node);
        Queue.Enqueue(id, source, null, default, release);
    }

    /// <summary>
    /// The app is being destroyed: pushes in progress are abandoned and new ones refused, so no build
    /// deploys into (or creates again) the app; completes when the queue has drained or the wait is over.
    /// </summary>
    public async Task<bool> DrainForDestroyAsync(TimeSpan wait)
    {
        _destroying = true;
        try
        {
            Queue.AbandonAll("The app is being destroyed: this build is abandoned and nothing will be deployed");
            var drained = Queue.Drained;
            return drained.IsCompleted || await Task.WhenAny(drained, Task.Delay(wait)) == drained;
        }
        finally
        {
            _destroying = false;
        }
    }

    /// <summary>The app is gone: nothing of its pushes or logs is kept in memory.</summary>
    public void Forget()
    {
        _pushes.Forget();
        Queue.ForgetLogs();
    }

    private async Task<BuildTicket> EnqueueAsync(BuildSource? source, string? image, bool createApp)
    {
        var trace = PaasTracing.TakeCarried();
        if (_destroying)
        {
            // Not queued behind the destroy: the push would create the app again as it goes.
            return Queue.Refuse(State.NextBuildId++, $"app '{app}' is being destroyed; push again once it is gone to create it anew");
        }

        // A push that could only overwrite another is refused before anything is created or built;
        // checked again below, inside the command, where no other push can claim the branch meanwhile.
        if (source is not null && _pushes.Refusal(source, DateTimeOffset.UtcNow) is { } early)
        {
            return BuildTicket.Refused(early);
        }

        // A push creates its app (as in Dokku); an image deploy only targets an existing one.
        var created = createApp ? await host.EnsureCreatedAsync()
            : State.Exists ? AppCommandResult.Ok(host.Snapshot()) : AppCommandResult.NotFound(app.Value);
        var id = State.NextBuildId++;
        if (!created.Succeeded)
        {
            return Queue.Refuse(id, created.Error!);
        }

        var (stillExists, raced) = await host.RunCommandAsync<(bool, string?)>(async () =>
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

            State.Builds.Add(BuildRecords.Queued(id, source, image, localNode, DateTimeOffset.UtcNow));
            await host.SaveAsync();
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
            ? Queue.Enqueue(id, source, image, trace)
            : Queue.Refuse(id, $"app '{app}' was destroyed meanwhile; push again to create it");
    }

    Task<bool> IBuildJobRunner.RunAsync(BuildJob job, CancellationToken abandoned) => host.RunJobAsync(job, abandoned);

    string IBuildJobRunner.NothingDeployedNote() => host.PreviousReleaseNote();

    void IBuildJobRunner.Working(bool working) => host.Working(working);

    /// <summary>Finishes the job's record and stores its output, as one command; then forgets the records beyond the limit.</summary>
    async Task IBuildJobRunner.FinishedAsync(BuildJob job, bool deployed)
    {
        _pushes.BuildEnded(job.Id, deployed, DateTimeOffset.UtcNow);
        var output = BuildRecords.OutputOf(job.Log);
        var forgotten = await host.RunCommandAsync<IReadOnlyList<BuildRecord>>(async () =>
        {
            var now = DateTimeOffset.UtcNow;
            // A rebuild made its release's image again; it made no release of its own.
            var release = deployed ? job.Rebuild?.Version ?? State.CurrentVersion : (int?)null;
            if (!State.Exists || Records.Finish(State.Builds, job.Id, job.Log.Outcome, release, keep, now) is not { } finish)
            {
                return [];
            }

            metrics.BuildEnded(app.Value, job.Log.Outcome, now - finish.Finished.StartedAt);
            await Records.SaveOutputAsync(job.Id, output);
            await host.SaveAsync();
            return finish.Forgotten;
        });

        job.Log.KeepLast(BuildRecords.LinesKeptOnceStored);
        await Records.ForgetOutputsAsync(forgotten);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{App} v{Version}: image {Image} is on no live node; rebuilding it (build {BuildId} on node {Node})")]
    private static partial void LogRebuildQueued(ILogger logger, string app, int version, string image, int buildId, string node);

    [LoggerMessage(Level = LogLevel.Error, Message = "{App} v{Version}: image {Image} is on no live node and was deployed as an image, so it cannot be rebuilt; load it again and deploy it")]
    private static partial void LogImageLostForGood(ILogger logger, string app, int version, string image);
}
