using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Configuration;
using OrleansPaas.Grains.Runtime;
using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// One app: its release ledger, build queue, containers and route entry.
/// Builds run one at a time from a queue drained by a loop on the grain's own scheduler, so
/// a push to another app builds in parallel (another grain) and reads never wait behind a build.
/// </summary>
public sealed partial class AppGrain(
    [PersistentState("app", GrainStorage.Name)] IPersistentState<AppState> state,
    IImageBuilder builder,
    IContainerRuntime runtime,
    IOptions<PaasOptions> options,
    DataPaths paths,
    ILogger<AppGrain> logger) : Grain, IAppGrain
{
    // Keep the logs of recent builds in memory so a slow reader still gets the whole output.
    private const int RetainedLogs = 10;

    private readonly Queue<(BuildLog Log, BuildSource Source)> _queue = new();
    private readonly Dictionary<int, BuildLog> _logs = [];
    // Serialises everything that changes containers (the build pipeline, re-adoption after a restart).
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Task _pump = Task.CompletedTask;
    private AppName _name;

    private PaasOptions Settings => options.Value;
    private string VirtualHost => _name.VirtualHost(Settings.NormalizedDomain);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The key was parsed at the entry point; parse again so a grain can never act for a bad name.
        _name = AppName.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<AppInfo> EnsureCreatedAsync()
    {
        if (!state.State.Exists)
        {
            state.State.CreatedAt = DateTimeOffset.UtcNow;
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IAppRegistryGrain>(0).RegisterAsync(_name.Value);
            LogCreated(logger, _name.Value);
        }

        return Snapshot();
    }

    public async Task<BuildTicket> EnqueueBuildAsync(BuildSource source)
    {
        await EnsureCreatedAsync();
        var buildId = state.State.NextBuildId++;
        await state.WriteStateAsync();

        var log = new BuildLog(buildId, Path.Combine(paths.AppLogs(_name), $"build-{buildId}.log"));
        _logs[buildId] = log;
        foreach (var old in _logs.Keys.Order().Take(Math.Max(0, _logs.Count - RetainedLogs)).ToList())
        {
            _logs.Remove(old);
        }

        var ahead = _queue.Count + (_pump.IsCompleted ? 0 : 1);
        _queue.Enqueue((log, source));
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

    public Task<AppInfo> GetInfoAsync() => Task.FromResult(Snapshot());

    public async Task EnsureRunningAsync()
    {
        if (state.State.Current is not { } release)
        {
            return;
        }

        await _lifecycle.WaitAsync();
        try
        {
            var log = new BuildLog(0, filePath: null);
            var running = (await runtime.ListAsync(_name, CancellationToken.None))
                .Where(i => i.ReleaseVersion == release.Version && i.Process == "web" && i.Port != 0)
                .ToList();
            var adopted = new List<InstanceInfo>();
            foreach (var instance in running)
            {
                var ready = await runtime.WaitReadyAsync(instance, VirtualHost, Settings.Deploy.ReadinessTimeout, CancellationToken.None);
                if (ready.Ready)
                {
                    adopted.Add(instance);
                }
            }

            if (adopted.Count == 0)
            {
                var started = await StartInstanceAsync(release, log, CancellationToken.None);
                if (started is null)
                {
                    LogRestoreFailed(logger, _name.Value, release.Version, string.Join(" | ", log.Lines()));
                    return;
                }

                adopted.Add(started);
            }

            await SwitchRoutesAsync(adopted);
            await RetireAllExceptAsync(adopted);
            LogRestored(logger, _name.Value, release.Version, adopted.Count);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

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
                var serving = await RunPipelineAsync(next.Log, next.Source);
                next.Log.SetOutcome(serving is null ? BuildOutcome.Failed : BuildOutcome.Succeeded);
                if (serving is not null)
                {
                    // The push is answered first: stopping old instances waits for their grace period,
                    // which the user need not sit through. The next build still waits for it.
                    await RetireAllExceptAsync(serving);
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
        var built = await builder.BuildAsync(_name, log.BuildId, source, log, ct);
        if (!built.Succeeded)
        {
            log.Error($"Build failed: {built.Error}");
            log.Error(PreviousReleaseNote());
            return null;
        }

        // Release: an immutable, numbered record of the image that is about to be deployed.
        var version = state.State.NextVersion;
        var image = ImageNames.Release(_name, version);
        await runtime.TagAsync(built.Image!, image, ct);
        await runtime.RemoveImageAsync(built.Image!, ct);
        var port = await runtime.GetExposedPortAsync(image, ct) ?? Settings.Deploy.DefaultPort;
        var release = new ReleaseRecord(version, image, source.Commit, port, DateTimeOffset.UtcNow,
            ReleaseStatus.Pending, $"Deploy {source.ShortCommit}");
        state.State.Releases.Add(release);
        await state.WriteStateAsync();
        log.Step($"Releasing {_name} v{version} ({image})");

        log.Step($"Deploying {_name} v{version}");
        var instance = await StartInstanceAsync(release, log, ct);
        if (instance is null)
        {
            await MarkReleaseAsync(version, ReleaseStatus.Failed);
            log.Error(PreviousReleaseNote());
            return null;
        }

        log.Detail("Switching routes to the new instance");
        await SwitchRoutesAsync([instance]);
        var previous = state.State.Instances.ToList();
        state.State.Instances = [instance];
        state.State.CurrentVersion = version;
        await MarkReleaseAsync(version, ReleaseStatus.Deployed);


        foreach (var old in previous)
        {
            log.Detail($"Retiring v{old.ReleaseVersion} instance {Short(old.ContainerId)} (stopped after this push)");
        }

        log.Write($"=====> Application deployed: http://{VirtualHost}");
        LogDeployed(logger, _name.Value, version, source.ShortCommit);
        return [instance];
    }

    /// <summary>Starts one web instance of a release and waits until it answers; null (with the reason logged) if it does not.</summary>
    private async Task<InstanceInfo?> StartInstanceAsync(ReleaseRecord release, BuildLog log, CancellationToken ct)
    {
        var environment = new Dictionary<string, string> { ["PORT"] = release.Port.ToString() };
        var spec = new ContainerSpec(_name, "web", release.Version, release.Image, release.Port, environment);
        var instance = await runtime.StartAsync(spec, ct);
        log.Detail($"Started web instance {Short(instance.ContainerId)}; waiting for it to answer on port {release.Port}");
        var readiness = await runtime.WaitReadyAsync(instance, VirtualHost, Settings.Deploy.ReadinessTimeout, ct);
        if (readiness.Ready)
        {
            log.Detail($"web instance {Short(instance.ContainerId)} answers");
            return instance;
        }

        log.Error($"Deploy failed: {readiness.Problem}");
        await runtime.StopAndRemoveAsync(instance.ContainerId, ct);
        return null;
    }

    private async Task SwitchRoutesAsync(IReadOnlyList<InstanceInfo> instances)
    {
        var table = GrainFactory.GetGrain<IRouteTableGrain>(0);
        var version = await table.PublishAsync(new RouteEntry(_name.Value, [VirtualHost], instances.Select(i => i.Endpoint).ToList()));
        // Old instances may stop only once every gateway routes to the new ones.
        await table.WaitUntilAppliedAsync(version, TimeSpan.FromSeconds(10));
    }

    private async Task RetireAllExceptAsync(IReadOnlyList<InstanceInfo> keep)
    {
        var keepIds = keep.Select(i => i.ContainerId).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in await runtime.ListAsync(_name, CancellationToken.None))
        {
            if (!keepIds.Contains(stale.ContainerId))
            {
                await runtime.StopAndRemoveAsync(stale.ContainerId, CancellationToken.None);
            }
        }

        state.State.Instances = keep.ToList();
        await state.WriteStateAsync();
    }

    private async Task MarkReleaseAsync(int version, ReleaseStatus status)
    {
        var index = state.State.Releases.FindIndex(r => r.Version == version);
        state.State.Releases[index] = state.State.Releases[index] with { Status = status };
        await state.WriteStateAsync();
    }

    private string PreviousReleaseNote() => state.State.Current is { } current
        ? $"v{current.Version} keeps serving http://{VirtualHost}"
        : "nothing was deployed";

    private AppInfo Snapshot() => new(
        _name.Value,
        state.State.Exists,
        state.State.CreatedAt,
        state.State.Current,
        state.State.Releases.ToList(),
        state.State.Instances.ToList(),
        _queue.Count + (_pump.IsCompleted ? 0 : 1));

    private static string Short(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created app {App}")]
    private static partial void LogCreated(ILogger logger, string app);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployed {App} v{Version} from {Commit}")]
    private static partial void LogDeployed(ILogger logger, string app, int version, string commit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {App} v{Version} with {Instances} instance(s)")]
    private static partial void LogRestored(ILogger logger, string app, int version, int instances);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not restore {App} v{Version}: {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string app, int version, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Build {BuildId} of {App} crashed")]
    private static partial void LogPipelineCrashed(ILogger logger, Exception exception, string app, int buildId);
}
