using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Build.Buildpacks;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Logs;
using OrleansPaas.Grains.Runtime;
using OrleansPaas.Grains.Telemetry;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Nodes;

/// <summary>
/// One node's Docker engine (key = node name, placed on that node's silo). Stateless: what runs
/// is read from the engine each time, so a restarted node reports the truth, not a memory.
/// </summary>
// Reentrant: many apps start, stop and build on one node at once; each call is independent.
[Reentrant, NodePlacement]
public sealed partial class NodeGrain(
    IContainerRuntime runtime,
    IImageBuilder builder,
    INodeImageSource imageSource,
    KeptOutput kept,
    NodeStatsSampler stats,
    IOptions<PaasOptions> options,
    DataPaths paths,
    ILogger<NodeGrain> logger) : Grain, INodeGrain
{
    private static readonly CancellationToken None = CancellationToken.None;

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The director put this activation here because the silo carries this name; labels must agree.
        if (!string.Equals(Name, options.Value.NodeName, StringComparison.Ordinal))
        {
            LogNameMismatch(logger, Name, options.Value.NodeName);
        }

        return Task.CompletedTask;
    }

    public async Task<NodeReport> GetReportAsync()
    {
        var instances = await runtime.ListNodeInstancesAsync(null, None);
        var (memory, cpus) = await runtime.GetCapacityAsync(None);
        var images = await runtime.ListReleaseImagesAsync(None);
        return new NodeReport(Name, options.Value.NodeAddress, instances, DateTimeOffset.UtcNow, NodeControlUrl.Of(options.Value), memory, cpus, images);
    }

    public Task<string> GetControlUrlAsync() => Task.FromResult(NodeControlUrl.Of(options.Value));

    public async Task<IReadOnlyList<NodeInstance>> ListInstancesAsync(string app) =>
        await runtime.ListNodeInstancesAsync(AppName.Parse(app), None);

    public Task<IReadOnlyList<NodeInstance>> ListAllInstancesAsync() => runtime.ListNodeInstancesAsync(null, None);

    public async Task<InstanceStartResult> StartInstanceAsync(InstanceRequest request)
    {
        var spec = ToSpec(request);
        var instance = await runtime.StartAsync(spec, None);
        // A new container that does not come up leaves nothing behind.
        return await UpOrAsync(instance, request, spec.ReceivesTraffic, () => runtime.StopAndRemoveAsync(instance.ContainerId, None));
    }

    public Task ParkInstancesAsync(IReadOnlyList<string> containerIds) =>
        Task.WhenAll(containerIds.Select(id => runtime.StopKeepingAsync(id, None)));

    public async Task<InstanceStartResult> ResumeInstanceAsync(InstanceInfo parked, InstanceRequest request) =>
        await runtime.ResumeAsync(parked, None) is { } instance
            // A parked container that does not come up stays, stopped: its output is the crash report.
            ? await UpOrAsync(instance, request, parked.Port != 0, () => runtime.StopKeepingAsync(instance.ContainerId, None))
            : InstanceStartResult.Gone;

    /// <summary>Waits until a started instance is up (web: answers and passes its checks); if it is not, <paramref name="otherwise"/> runs.</summary>
    private async Task<InstanceStartResult> UpOrAsync(InstanceInfo instance, InstanceRequest request, bool receivesTraffic, Func<Task> otherwise)
    {
        var readiness = receivesTraffic
            ? await runtime.WaitReadyAsync(instance, request.HostHeader, request.ReadinessTimeout, request.Checks, None)
            : await runtime.CheckRunningAsync(instance, None);
        if (readiness.Ready)
        {
            return InstanceStartResult.Ready(instance);
        }

        await otherwise();
        return InstanceStartResult.Failed(readiness.Problem!);
    }

    public Task StopInstancesAsync(IReadOnlyList<string> containerIds) =>
        Task.WhenAll(containerIds.Select(id => runtime.StopAndRemoveAsync(id, None)));

    public Task<IReadOnlyList<string>> TailAsync(string containerId, int lines) => runtime.TailAsync(containerId, lines, None);

    public Task<bool> HasImageAsync(string image) => runtime.ImageExistsAsync(image, None);

    public Task<AppMemory> GetAppMemoryAsync(string app) => Task.FromResult(stats.MemoryOf(app));

    public Task<IReadOnlyList<LogLine>> ReadKeptTailAsync(string app, int lines) =>
        Task.FromResult<IReadOnlyList<LogLine>>(kept.For(AppName.Parse(app)).Tail(lines).Select(ToLogLine).ToList());

    public async IAsyncEnumerable<LogLine> FollowKeptAsync(string app, int tail, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var file = kept.For(AppName.Parse(app));
        var (lines, follow) = file.TailAndFollow(tail, options.Value.Logs.FollowerBufferLines);
        try
        {
            foreach (var line in lines)
            {
                yield return ToLogLine(line);
            }

            yield return LogLine.EndOfTail;
            await foreach (var line in ReadUntilDroppedAsync(follow, cancellationToken))
            {
                yield return line;
            }
        }
        finally
        {
            file.Unfollow(follow);
        }
    }

    /// <summary>The follow's lines; a reader that fell a whole buffer behind gets a note saying so as its last line.</summary>
    private async IAsyncEnumerable<LogLine> ReadUntilDroppedAsync(ChannelReader<KeptLine> reader,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            string? dropped = null;
            try
            {
                if (!await reader.WaitToReadAsync(cancellationToken))
                {
                    yield break;
                }
            }
            catch (ReaderTooSlowException ex)
            {
                dropped = ex.Message;
                LogReaderDropped(logger, ex.Capacity);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (dropped is not null)
            {
                yield return new LogLine("paas", true, dropped);
                yield break;
            }

            while (reader.TryRead(out var line))
            {
                yield return ToLogLine(line);
            }
        }
    }

    private static LogLine ToLogLine(KeptLine line) => new(line.Instance, line.IsError, line.Text, line.Release, line.At);

    public async Task<string?> EnsureImageAsync(string image, IReadOnlyList<string> sources)
    {
        if (await runtime.ImageExistsAsync(image, None))
        {
            return null;
        }

        var problems = new List<string>();
        foreach (var source in sources.Where(s => s != Name))
        {
            try
            {
                if (!await GrainFactory.GetGrain<INodeGrain>(source).HasImageAsync(image))
                {
                    continue;
                }

                var problem = await imageSource.FetchAsync(source, image, None);
                if (problem is null)
                {
                    LogImageFetched(logger, image, source);
                    return null;
                }

                problems.Add($"{source}: {problem}");
            }
            catch (Exception ex)
            {
                problems.Add($"{source}: {ex.GetBaseException().Message}");
            }
        }

        return problems.Count == 0
            ? $"image {image} is on no live node"
            : $"could not bring image {image} to {Name} ({string.Join("; ", problems)})";
    }

    public async IAsyncEnumerable<NodeWorkEvent> BuildAsync(NodeBuildRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var app = AppName.Parse(request.App);
        using var log = new BuildLog(request.BuildId, filePath: null);
        var limit = options.Value.Build.Timeout;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(limit);
        var build = Task.Run(async () =>
        {
            try
            {
                return await builder.BuildAsync(new BuildRequest(app, request.BuildId, request.Source, request.Config), log, stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Whatever the builder was doing when it was stopped (docker build, git, a buildpack) ends here.
                return BuildResult.Failure(cancellationToken.IsCancellationRequested
                    ? "the push was abandoned and its build was stopped"
                    : $"the build did not finish within {limit} (Paas:Build:Timeout) and was stopped");
            }
            finally
            {
                log.SetOutcome(BuildOutcome.Succeeded);
            }
        });

        var sent = 0;
        while (true)
        {
            var chunk = await log.ReadAsync(sent, TimeSpan.FromSeconds(5));
            foreach (var line in chunk.Lines)
            {
                yield return NodeWorkEvent.Log(line);
            }

            sent = chunk.NextLine;
            if (chunk.Outcome.IsFinished() && build.IsCompleted && sent >= log.LineCount)
            {
                break;
            }
        }

        NodeBuildResult result;
        try
        {
            var built = await build;
            result = new NodeBuildResult(built.Image, built.ProcessTypes, built.Kind, built.Checks, built.Error);
        }
        catch (Exception ex)
        {
            LogBuildCrashed(logger, ex, request.App, request.BuildId);
            result = new NodeBuildResult(null, new Dictionary<string, string>(), ReleaseKind.Image, [], $"internal error: {ex.GetBaseException().Message}");
        }

        yield return new NodeWorkEvent(null, Build: result);
    }

    public async Task<int?> TagReleaseAsync(string image, string releaseTag, bool removeSource)
    {
        await runtime.TagAsync(image, releaseTag, None);
        if (removeSource)
        {
            // The build tag was only the hand-over to the release tag.
            await runtime.RemoveImageAsync(image, None);
        }

        return await runtime.GetExposedPortAsync(releaseTag, None);
    }

    public async IAsyncEnumerable<NodeWorkEvent> RunToCompletionAsync(InstanceRequest request)
    {
        var lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var pending = "";
        // A release command that never ends must not hold its app's deploys forever: the runner
        // removes the container when this fires.
        using var timeout = new CancellationTokenSource(options.Value.Deploy.ReleasePhaseTimeout);
        var run = Task.Run(async () =>
        {
            try
            {
                return await runtime.RunToCompletionAsync(ToSpec(request), (_, text) =>
                {
                    var parts = (pending + text).Split('\n');
                    foreach (var line in parts[..^1])
                    {
                        lines.Writer.TryWrite(line.TrimEnd('\r'));
                    }

                    pending = parts[^1];
                    return Task.CompletedTask;
                }, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                lines.Writer.TryWrite($"the command did not finish within {options.Value.Deploy.ReleasePhaseTimeout} (Paas:Deploy:ReleasePhaseTimeout) and was stopped");
                return -1L;
            }
            finally
            {
                if (pending.Length > 0)
                {
                    lines.Writer.TryWrite(pending);
                }

                lines.Writer.TryComplete();
            }
        });

        await foreach (var line in lines.Reader.ReadAllAsync())
        {
            yield return NodeWorkEvent.Log(line);
        }

        yield return new NodeWorkEvent(null, ExitCode: await run);
    }

    public Task PruneAsync(string app, IReadOnlyList<string> keepImages) =>
        runtime.PruneAsync(AppName.Parse(app), keepImages.ToHashSet(StringComparer.Ordinal), None);

    public async Task RemoveAppAsync(string app)
    {
        var name = AppName.Parse(app);
        var instances = await runtime.ListNodeInstancesAsync(name, None);
        await Task.WhenAll(instances.Select(i => runtime.StopAndRemoveAsync(i.Instance.ContainerId, None)));
        await runtime.RemoveAppImagesAsync(name, None);
        DeleteDirectory(paths.BuildCache(name));
        DeleteDirectory(paths.Repository(name));
        kept.Remove(name);
    }

    public async Task<IReadOnlyList<string>> RemoveOrphansAsync(IReadOnlyList<string> existingApps, IReadOnlyList<string> appsWithInstances)
    {
        var existing = existingApps.ToHashSet(StringComparer.Ordinal);
        // Kept output counts too: an app destroyed while this node was away still has its lines here.
        var orphans = appsWithInstances
            .Concat(kept.Apps())
            .Where(a => !existing.Contains(a)).Distinct().ToList();
        foreach (var app in orphans)
        {
            await RemoveAppAsync(app);
        }

        return orphans;
    }

    public Task PurgeBuildCacheAsync(string app)
    {
        DeleteDirectory(paths.BuildCache(AppName.Parse(app)));
        return Task.CompletedTask;
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public Task<long> ImageBytesAsync(string app) => runtime.ImageBytesAsync(AppName.Parse(app), None);

    private static ContainerSpec ToSpec(InstanceRequest request) =>
        new(AppName.Parse(request.App), request.Process, request.ReleaseVersion, request.Image, request.Port,
            request.Environment, request.Index, request.Command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a logs reader that fell behind by more than {Lines} lines on the node")]
    private static partial void LogReaderDropped(ILogger logger, int lines);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node grain {Grain} activated on node {Node}: Paas:NodeName and the silo name disagree")]
    private static partial void LogNameMismatch(ILogger logger, string grain, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched image {Image} from node {Source}")]
    private static partial void LogImageFetched(ILogger logger, string image, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Build {BuildId} of {App} crashed on this node")]
    private static partial void LogBuildCrashed(ILogger logger, Exception exception, string app, int buildId);
}
