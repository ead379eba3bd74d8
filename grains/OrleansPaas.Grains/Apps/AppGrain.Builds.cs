using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Runtime;
using OrleansPaas.Grains.Telemetry;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The build queue: one build at a time per app, drained by a loop on the grain's own scheduler,
/// so pushes to other apps build in parallel (other grains) and reads never wait behind a build.
/// The build itself runs on the node that received the push; the grain records its log.
/// </summary>
public sealed partial class AppGrain
{
    // Keep the logs of recent builds in memory so a slow reader still gets the whole output.
    private const int RetainedLogs = 10;

    // A queued job builds a pushed commit (Source) or deploys a prebuilt image (Image); Trace is the
    // span of the push that queued it (default when untraced), the parent of the job's own span.
    private readonly Queue<(BuildLog Log, BuildSource? Source, string? Image, ActivityContext Trace)> _queue = new();
    private readonly Dictionary<int, BuildLog> _logs = [];
    // Jobs that can still be abandoned (queued or building); a job leaves when its deploy begins.
    private readonly Dictionary<int, CancellationTokenSource> _abandonable = [];
    private Task _pump = Task.CompletedTask;
    private bool _destroying;

    // The job between its dequeue and its outcome; its record is written after, and does not count.
    private int? _building;

    private int BuildsInFlight => _queue.Count + (_building is null ? 0 : 1);

    public Task<BuildTicket> EnqueueBuildAsync(BuildSource source) =>
        // Refused before anything is created or written: callers never choose what the node reads.
        source.Problem() is { } problem ? throw new ArgumentException(problem, nameof(source)) : EnqueueAsync(source, null, createApp: true);

    public Task<BuildTicket> EnqueueImageDeployAsync(string image) => EnqueueAsync(null, image, createApp: false);

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
            var refused = new BuildLog(State.NextBuildId++);
            refused.Error($"app '{_name}' is being destroyed; push again once it is gone to create it anew");
            refused.SetOutcome(BuildOutcome.Failed);
            _logs[refused.BuildId] = refused;
            return new BuildTicket(refused.BuildId, 0);
        }

        // A push creates its app (as in Dokku); an image deploy only targets an existing one.
        var created = createApp ? await EnsureCreatedAsync()
            : State.Exists ? AppCommandResult.Ok(Snapshot()) : AppCommandResult.NotFound(_name.Value);
        var buildId = State.NextBuildId++;
        var log = new BuildLog(buildId);
        _logs[buildId] = log;
        foreach (var old in _logs.Keys.Order().Take(Math.Max(0, _logs.Count - RetainedLogs)).ToList())
        {
            _logs.Remove(old);
        }

        if (!created.Succeeded)
        {
            log.Error(created.Error!);
            log.SetOutcome(BuildOutcome.Failed);
            return new BuildTicket(buildId, 0);
        }

        var stillExists = await RunCommandAsync(async () =>
        {
            // A destroy may have run (or begun) between the creation and here.
            if (!State.Exists || _destroying)
            {
                return false;
            }

            RecordQueued(buildId, source, image);
            await state.WriteStateAsync();
            return true;
        });
        if (!stillExists)
        {
            log.Error($"app '{_name}' was destroyed meanwhile; push again to create it");
            log.SetOutcome(BuildOutcome.Failed);
            return new BuildTicket(buildId, 0);
        }

        var ahead = BuildsInFlight;
        _abandonable[buildId] = new CancellationTokenSource();
        _queue.Enqueue((log, source, image, trace));
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

    public Task<bool> AbandonBuildAsync(int buildId)
    {
        if (!_abandonable.Remove(buildId, out var abandon))
        {
            return Task.FromResult(false);
        }

        if (_logs.TryGetValue(buildId, out var log))
        {
            log.Error("The push was interrupted: the build is abandoned and nothing will be deployed");
        }

        abandon.Cancel();
        return Task.FromResult(true);
    }

    /// <summary>Abandons every job not yet deploying (for a destroy); one already deploying finishes.</summary>
    private void AbandonAll(string reason)
    {
        foreach (var (buildId, abandon) in _abandonable.ToList())
        {
            _abandonable.Remove(buildId);
            if (_logs.TryGetValue(buildId, out var log))
            {
                log.Error(reason);
            }

            abandon.Cancel();
        }
    }

    /// <summary>
    /// The point of no return of a job: true (and no longer abandonable) unless it was abandoned.
    /// From here on the deploy finishes even if its pusher leaves, and git then moves the branch.
    /// </summary>
    private bool TryBeginDeploy(int buildId) => _abandonable.Remove(buildId, out var abandon) && !abandon.IsCancellationRequested;

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
            var abandoned = _abandonable.TryGetValue(next.Log.BuildId, out var abandon) ? abandon.Token : new CancellationToken(canceled: true);
            var deployed = false;
            _building = next.Log.BuildId;
            // The current activity while the job runs, so its steps' spans are its children.
            using var span = PaasTracing.Start(next.Source is not null ? "build and deploy" : "deploy image", ActivityKind.Internal, next.Trace);
            span?.SetTag("app", _name.Value).SetTag("build", next.Log.BuildId).SetTag("commit", next.Source?.Commit).SetTag("image", next.Image);
            try
            {
                next.Log.SetOutcome(BuildOutcome.Running);
                deployed = !abandoned.IsCancellationRequested && (next.Source is not null
                    ? await RunPipelineAsync(next.Log, next.Source, abandoned)
                    : await DeployImageAsync(next.Log, next.Image!));
                next.Log.SetOutcome(deployed ? BuildOutcome.Succeeded : BuildOutcome.Failed);
            }
            catch (OperationCanceledException) when (abandoned.IsCancellationRequested)
            {
                next.Log.Error(PreviousReleaseNote());
                next.Log.SetOutcome(BuildOutcome.Failed);
            }
            catch (Exception ex)
            {
                LogPipelineCrashed(logger, ex, _name.Value, next.Log.BuildId);
                next.Log.Error($"internal error: {ex.GetBaseException().Message}");
                next.Log.SetOutcome(BuildOutcome.Failed);
            }
            finally
            {
                _abandonable.Remove(next.Log.BuildId);
                _building = null;
                span?.SetTag("result", next.Log.Outcome.ToString().ToLowerInvariant())
                    .SetStatus(next.Log.Outcome == BuildOutcome.Succeeded ? ActivityStatusCode.Unset : ActivityStatusCode.Error);
            }

            await RecordFinishedAsync(next.Log, deployed);
        }

        // Idle again: let the activation be collected as usual.
        DelayDeactivation(TimeSpan.Zero);
    }

    /// <summary>
    /// Receive → Build (on the node that received the push) → Release → Deploy. False (with the
    /// reason logged) when any stage fails; the previous release then keeps serving.
    /// </summary>
    private async Task<bool> RunPipelineAsync(BuildLog log, BuildSource source, CancellationToken abandoned)
    {
        var buildNode = string.IsNullOrEmpty(source.Node) ? nodes.Local : source.Node;
        var request = new NodeBuildRequest(_name.Value, log.BuildId, source, new Dictionary<string, string>(State.Config));
        NodeBuildResult? built = null;
        using (var building = PaasTracing.StartStep("build")?.SetTag("node", buildNode))
        {
            await foreach (var item in GrainFactory.GetGrain<INodeGrain>(buildNode).BuildAsync(request, abandoned))
            {
                if (item.Line is { } line)
                {
                    log.Write(line);
                }

                built = item.Build ?? built;
            }

            building?.SetTag("builder", built?.Kind.ToString().ToLowerInvariant()).SetTag("result", built is { Succeeded: true } ? "succeeded" : "failed");
        }

        if (abandoned.IsCancellationRequested)
        {
            log.Error(PreviousReleaseNote());
            return false;
        }

        if (built is { Succeeded: true })
        {
            NoteBuiltWith(log.BuildId, BuilderOf(built.Kind), buildNode);
        }
        else
        {
            NoteBuiltWith(log.BuildId, "", buildNode);
            log.Error($"Build failed: {built?.Error ?? "the build ended without a result"}");
            log.Error(PreviousReleaseNote());
            return false;
        }

        return await ReleaseAndDeployAsync(log, buildNode, built.Image!, removeSource: true, source.Commit, $"Deploy {source.ShortCommit}",
            built.ProcessTypes, built.Kind, built.Checks, runReleasePhase: true);
    }

    /// <summary>Release → Deploy for a prebuilt image: its EXPOSE sets PORT, its CMD runs as web.</summary>
    private async Task<bool> DeployImageAsync(BuildLog log, string image)
    {
        log.Step($"Deploying image {image} to {_name}");
        string? holder = null;
        foreach (var node in nodes.Live().OrderBy(n => n == nodes.Local ? 0 : 1))
        {
            if (await GrainFactory.GetGrain<INodeGrain>(node).HasImageAsync(image))
            {
                holder = node;
                break;
            }
        }

        NoteBuiltWith(log.BuildId, "image", holder ?? nodes.Local);
        if (holder is null)
        {
            log.Error($"image '{image}' is on no node of the cluster; load it first (docker pull / docker load)");
            log.Error(PreviousReleaseNote());
            return false;
        }

        return await ReleaseAndDeployAsync(log, holder, image, removeSource: false, "", $"Deploy image {image}",
            new Dictionary<string, string> { [WebProcess] = "" }, ReleaseKind.Image, [], runReleasePhase: false);
    }

    /// <summary>
    /// Release (an immutable, numbered record of the image and config, tagged <c>paas/app:vN</c>
    /// on the node that holds the image) then Deploy, as one command.
    /// </summary>
    private Task<bool> ReleaseAndDeployAsync(BuildLog log, string node, string image, bool removeSource, string commit, string description,
        IReadOnlyDictionary<string, string> processTypes, ReleaseKind kind, IReadOnlyList<HealthCheck> checks, bool runReleasePhase) =>
        RunCommandAsync(async () =>
        {
            if (!State.Exists)
            {
                // Destroyed while this build ran: nothing to release into.
                log.Error($"app '{_name}' was destroyed while it was building; nothing was deployed");
                return false;
            }

            if (!TryBeginDeploy(log.BuildId))
            {
                log.Error(PreviousReleaseNote());
                return false;
            }

            var version = State.NextVersion;
            var tag = ImageNames.Release(_name, version);
            ReleaseRecord release;
            using (PaasTracing.StartStep("release")?.SetTag("release", version))
            {
                var port = await GrainFactory.GetGrain<INodeGrain>(node).TagReleaseAsync(image, tag, removeSource) ?? Settings.Deploy.DefaultPort;
                release = await AddReleaseAsync(tag, commit, port, description, processTypes, kind, checks, State.Config, State.Formation);
            }

            log.Step($"Releasing {_name} v{version} ({tag})");

            log.Step($"Deploying {_name} v{version}");
            var result = await DeployAsync(release, State.Formation, log, runReleasePhase, keepSameProgram: false);
            if (!result.Succeeded)
            {
                log.Error(PreviousReleaseNote());
                return false;
            }

            log.Write($"=====> Application deployed: http://{VirtualHost}");
            LogDeployed(logger, _name.Value, version, description);
            return true;
        });

    private string PreviousReleaseNote() => State.Current is { } current && _running.Instances.Count > 0
        ? $"v{current.Version} keeps serving http://{VirtualHost}"
        : "nothing was deployed";

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployed {App} v{Version} ({Description})")]
    private static partial void LogDeployed(ILogger logger, string app, int version, string description);

    [LoggerMessage(Level = LogLevel.Error, Message = "Build {BuildId} of {App} crashed")]
    private static partial void LogPipelineCrashed(ILogger logger, Exception exception, string app, int buildId);
}
