using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Logs;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Nodes;

/// <summary>
/// One node's Docker engine (key = node name, placed on that node's silo). Stateless: what runs
/// is read from the engine each time, so a restarted node reports the truth, not a memory. A
/// facade: each call goes to the part that does that job (instances, images, builds, runs to
/// completion, kept output, clearing up).
/// </summary>
// Reentrant: many apps start, stop and build on one node at once; each call is independent.
[Reentrant, NodePlacement]
public sealed partial class NodeGrain(
    NodeInstances instances,
    NodeImages images,
    NodeBuilds builds,
    NodeRuns runs,
    KeptOutputReader keptOutput,
    NodeAppRemoval removal,
    NodeStatsSampler stats,
    OrleansPaas.NodeServices.Runtime.HostPathCheck hostPaths,
    OrleansPaas.NodeServices.Runtime.VolumeCopies volumeCopies,
    OrleansPaas.NodeServices.Runtime.VolumeUsers volumeUsers,
    OrleansPaas.NodeServices.Runtime.VolumeArchives volumes,
    IOptions<PaasOptions> options,
    ILogger<NodeGrain> logger) : Grain, INodeGrain
{
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
        var all = await instances.ListAsync(null);
        var (memory, cpus) = await instances.GetCapacityAsync();
        var releaseImages = await images.ListReleaseImagesAsync();
        return new NodeReport(Name, options.Value.NodeAddress, all, DateTimeOffset.UtcNow, NodeControlUrl.Of(options.Value), memory, cpus, releaseImages);
    }

    public Task<string> GetControlUrlAsync() => Task.FromResult(NodeControlUrl.Of(options.Value));

    public Task<string> GetInternalUrlAsync() => Task.FromResult(NodeControlUrl.Internal(options.Value));

    public Task<IReadOnlyList<NodeInstance>> ListInstancesAsync(string app) => instances.ListAsync(AppName.Parse(app));

    public Task<IReadOnlyList<NodeInstance>> ListAllInstancesAsync() => instances.ListAsync(null);

    public Task<InstanceStartResult> StartInstanceAsync(InstanceRequest request) => instances.StartAsync(request);

    public Task ParkInstancesAsync(IReadOnlyList<string> containerIds) => instances.ParkAsync(containerIds);

    public Task<InstanceStartResult> ResumeInstanceAsync(InstanceInfo parked, InstanceRequest request) => instances.ResumeAsync(parked, request);

    public Task StopInstancesAsync(IReadOnlyList<string> containerIds) => instances.StopAsync(containerIds);

    public Task<IReadOnlyList<string>> TailAsync(string containerId, int lines) => instances.TailAsync(containerId, lines);

    public Task<AppMemory> GetAppMemoryAsync(string app) => Task.FromResult(stats.MemoryOf(app));

    public Task<IReadOnlyList<LogLine>> ReadKeptTailAsync(string app, int lines) => Task.FromResult(keptOutput.ReadTail(app, lines));

    public IAsyncEnumerable<LogLine> FollowKeptAsync(string app, int tail, CancellationToken cancellationToken = default) =>
        keptOutput.FollowAsync(app, tail, cancellationToken);

    public Task<bool> HasImageAsync(string image) => images.HasAsync(image);

    public Task<ImagePresence> GetImagePresenceAsync(string image) => images.PresenceAsync(image);

    public Task<string?> EnsureImageAsync(string image, IReadOnlyList<string> sources) => images.EnsureAsync(Name, image, sources);

    public IAsyncEnumerable<NodeWorkEvent> BuildAsync(NodeBuildRequest request, CancellationToken cancellationToken = default) =>
        builds.BuildAsync(request, cancellationToken);

    public Task<int?> TagReleaseAsync(string image, string releaseTag, bool removeSource) => images.TagReleaseAsync(image, releaseTag, removeSource);

    public IAsyncEnumerable<NodeWorkEvent> RunToCompletionAsync(InstanceRequest request) => runs.RunToCompletionAsync(request);

    public IAsyncEnumerable<NodeWorkEvent> RunJobAsync(InstanceRequest request, string keepAs, TimeSpan timeout) =>
        runs.RunToCompletionAsync(request, keepAs, timeout);

    public Task PruneAsync(string app, IReadOnlyList<string> keepImages) => images.PruneAsync(app, keepImages);

    public Task RemoveAppAsync(string app) => removal.RemoveAppAsync(app);

    public Task<IReadOnlyList<string>> FindOrphansAsync(IReadOnlyList<string> registeredApps, IReadOnlyList<string> appsWithInstances) =>
        Task.FromResult(removal.FindOrphans(registeredApps, appsWithInstances));

    public Task PurgeBuildCacheAsync(string app)
    {
        removal.PurgeBuildCache(app);
        return Task.CompletedTask;
    }

    public Task<long> ImageBytesAsync(string app) => images.BytesAsync(app);

    public Task<string?> HostPathRefusalAsync(string path) => Task.FromResult(hostPaths.Refusal(path));

    public Task StartVolumeCopyAsync(string app, string volume, string image, string sourceNode)
    {
        volumeCopies.Start(sourceNode, AppName.Parse(app), volume, image);
        return Task.CompletedTask;
    }

    public Task<VolumeCopyProgress?> GetVolumeCopyAsync(string app, string volume) => Task.FromResult(volumeCopies.Get(AppName.Parse(app), volume));

    public Task CancelVolumeCopyAsync(string app, string volume) => volumeCopies.CancelAsync(AppName.Parse(app), volume);

    public Task<IReadOnlyList<VolumeUser>> GetVolumeUsersAsync(string app, string volume) =>
        volumeUsers.ListAsync(AppName.Parse(app), volume, CancellationToken.None);

    public Task DropVolumeAsync(string app, string volume) => volumes.DropAsync(AppName.Parse(app), volume);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node grain {Grain} activated on node {Node}: Paas:NodeName and the silo name disagree")]
    private static partial void LogNameMismatch(ILogger logger, string grain, string node);
}
