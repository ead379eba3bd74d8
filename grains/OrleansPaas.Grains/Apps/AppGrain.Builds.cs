using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Runtime;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The build queue: one build at a time per app, drained by a loop on the grain's own scheduler,
/// so pushes to other apps build in parallel (other grains) and reads never wait behind a build.
/// </summary>
public sealed partial class AppGrain
{
    // Keep the logs of recent builds in memory so a slow reader still gets the whole output.
    private const int RetainedLogs = 10;

    // A queued job builds a pushed commit (Source) or deploys a prebuilt image (Image).
    private readonly Queue<(BuildLog Log, BuildSource? Source, string? Image)> _queue = new();
    private readonly Dictionary<int, BuildLog> _logs = [];
    private Task _pump = Task.CompletedTask;

    private int BuildsInFlight => _queue.Count + (_pump.IsCompleted ? 0 : 1);

    public Task<BuildTicket> EnqueueBuildAsync(BuildSource source) => EnqueueAsync(source, null, createApp: true);

    public Task<BuildTicket> EnqueueImageDeployAsync(string image) => EnqueueAsync(null, image, createApp: false);

    public async Task<AppCommandResult> PurgeBuildCacheAsync()
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        // Under the lifecycle lock, so no build is using the cache while it goes.
        await _lifecycle.WaitAsync();
        try
        {
            DeleteDirectory(paths.BuildCache(_name));
            return AppCommandResult.Ok(Snapshot());
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task<BuildTicket> EnqueueAsync(BuildSource? source, string? image, bool createApp)
    {
        var buildId = State.NextBuildId++;
        var log = new BuildLog(buildId, Path.Combine(paths.AppLogs(_name), $"build-{buildId}.log"));
        _logs[buildId] = log;
        foreach (var old in _logs.Keys.Order().Take(Math.Max(0, _logs.Count - RetainedLogs)).ToList())
        {
            _logs.Remove(old);
        }

        // A push creates its app (as in Dokku); an image deploy only targets an existing one.
        var created = createApp ? await EnsureCreatedAsync()
            : State.Exists ? AppCommandResult.Ok(Snapshot()) : AppCommandResult.NotFound(_name.Value);
        if (!created.Succeeded)
        {
            log.Error(created.Error!);
            log.SetOutcome(BuildOutcome.Failed);
            return new BuildTicket(buildId, 0);
        }

        await SaveAsync();
        var ahead = BuildsInFlight;
        _queue.Enqueue((log, source, image));
        if (ahead > 0)
        {
            log.Step($"Waiting for {ahead} earlier build(s) of {_name} to finish");
        }

        if (_pump.IsCompleted)
        {
            _pump = DrainQueueAsync();
        }

        return new BuildTicket(buildId, ahead);
    }

    public Task<BuildLogChunk> ReadBuildLogAsync(int buildId, int fromLine, TimeSpan wait, CancellationToken cancellationToken) =>
        _logs.TryGetValue(buildId, out var log)
            ? log.ReadAsync(fromLine, wait, cancellationToken)
            : Task.FromResult(new BuildLogChunk([], fromLine, BuildOutcome.Unknown));

    private async Task DrainQueueAsync()
    {
        while (_queue.TryDequeue(out var next))
        {
            // A build can take longer than the idle-collection age; keep the activation while work remains.
            DelayDeactivation(TimeSpan.FromHours(2));
            await _lifecycle.WaitAsync();
            try
            {
                next.Log.SetOutcome(BuildOutcome.Running);
                var previous = State.Instances.ToList();
                var serving = next.Source is not null
                    ? await RunPipelineAsync(next.Log, next.Source)
                    : await DeployImageAsync(next.Log, next.Image!);
                next.Log.SetOutcome(serving is null ? BuildOutcome.Failed : BuildOutcome.Succeeded);
                if (serving is not null)
                {
                    // The push is answered first; the old instances drain and stop afterwards,
                    // named one by one so nothing started later is touched.
                    _ = RetireInBackgroundAsync(previous.Where(p => serving.All(s => s.ContainerId != p.ContainerId)).ToList());
                }
            }
            catch (Exception ex)
            {
                LogPipelineCrashed(logger, ex, _name.Value, next.Log.BuildId);
                next.Log.Error($"internal error: {ex.Message}");
                next.Log.SetOutcome(BuildOutcome.Failed);
            }
            finally
            {
                _lifecycle.Release();
            }
        }

        // Idle again: let the activation be collected as usual.
        DelayDeactivation(TimeSpan.Zero);
    }

    /// <summary>
    /// Receive → Build → Release → Deploy. Returns the instances now serving, or null (with the
    /// reason logged) when any stage fails; the previous release then keeps serving.
    /// </summary>
    private async Task<IReadOnlyList<InstanceInfo>?> RunPipelineAsync(BuildLog log, BuildSource source)
    {
        var ct = CancellationToken.None;
        var built = await builder.BuildAsync(new BuildRequest(_name, log.BuildId, source, new Dictionary<string, string>(State.Config)), log, ct);
        if (!built.Succeeded)
        {
            log.Error($"Build failed: {built.Error}");
            log.Error(PreviousReleaseNote());
            return null;
        }

        try
        {
            return await ReleaseAndDeployAsync(log, built.Image!, source.Commit, $"Deploy {source.ShortCommit}",
                built.ProcessTypes, built.Kind, built.Checks, runReleasePhase: true);
        }
        finally
        {
            // The build tag was only the hand-over to the release tag (pruning leaves build tags alone).
            await runtime.RemoveImageAsync(built.Image!, ct);
        }
    }

    /// <summary>Release → Deploy for a prebuilt image: its EXPOSE sets PORT, its CMD runs as web.</summary>
    private async Task<IReadOnlyList<InstanceInfo>?> DeployImageAsync(BuildLog log, string image)
    {
        log.Step($"Deploying image {image} to {_name}");
        if (!await runtime.ImageExistsAsync(image, CancellationToken.None))
        {
            log.Error($"image '{image}' is not on this node; load it first (docker pull / docker load)");
            log.Error(PreviousReleaseNote());
            return null;
        }

        return await ReleaseAndDeployAsync(log, image, "", $"Deploy image {image}",
            new Dictionary<string, string> { [WebProcess] = "" }, ReleaseKind.Image, [], runReleasePhase: false);
    }

    /// <summary>
    /// Release (an immutable, numbered record of the image and config, tagged <c>paas/app:vN</c>)
    /// then Deploy. Returns the instances now serving, or null with the reason logged.
    /// </summary>
    private async Task<IReadOnlyList<InstanceInfo>?> ReleaseAndDeployAsync(BuildLog log, string image, string commit, string description,
        IReadOnlyDictionary<string, string> processTypes, ReleaseKind kind, IReadOnlyList<HealthCheck> checks, bool runReleasePhase)
    {
        var ct = CancellationToken.None;
        var version = State.NextVersion;
        var tag = ImageNames.Release(_name, version);
        await runtime.TagAsync(image, tag, ct);
        var port = await runtime.GetExposedPortAsync(tag, ct) ?? Settings.Deploy.DefaultPort;
        var release = await AddReleaseAsync(tag, commit, port, description, processTypes, kind, checks);
        log.Step($"Releasing {_name} v{version} ({tag})");

        log.Step($"Deploying {_name} v{version}");
        var serving = await DeployReleaseAsync(release, log, runReleasePhase);
        if (serving is null)
        {
            log.Error(PreviousReleaseNote());
            return null;
        }

        log.Write($"=====> Application deployed: http://{VirtualHost}");
        LogDeployed(logger, _name.Value, version, description);
        return serving;
    }

    private async Task<ReleaseRecord> AddReleaseAsync(string image, string commit, int port, string description,
        IReadOnlyDictionary<string, string> processTypes, ReleaseKind kind, IReadOnlyList<HealthCheck> checks)
    {
        var release = new ReleaseRecord(State.NextVersion, image, commit, port, DateTimeOffset.UtcNow,
            ReleaseStatus.Pending, description, new Dictionary<string, string>(State.Config), processTypes, kind, checks,
            new Dictionary<string, int>(State.Formation));
        State.Releases.Add(release);
        await SaveAsync();
        return release;
    }

    /// <summary>A new release of the same build as <paramref name="basis"/>, with the app's config as it is now.</summary>
    private Task<ReleaseRecord> AddReleaseLikeAsync(ReleaseRecord basis, string description) =>
        AddReleaseAsync(basis.Image, basis.Commit, basis.Port, description, basis.ProcessTypes, basis.Kind, basis.Checks);

    private string PreviousReleaseNote() => State.Current is { } current && State.Instances.Count > 0
        ? $"v{current.Version} keeps serving http://{VirtualHost}"
        : "nothing was deployed";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not retire old instances of {App}")]
    private static partial void LogRetireFailed(ILogger logger, Exception exception, string app);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployed {App} v{Version} ({Description})")]
    private static partial void LogDeployed(ILogger logger, string app, int version, string description);

    [LoggerMessage(Level = LogLevel.Error, Message = "Build {BuildId} of {App} crashed")]
    private static partial void LogPipelineCrashed(ILogger logger, Exception exception, string app, int buildId);
}
