using Orleans.Concurrency;
using OrleansPaas.Apps;
using OrleansPaas.Builds;

namespace OrleansPaas.Nodes;

/// <summary>
/// One node of the cluster (key = node name), kept on that node's silo: the only part of the
/// platform that drives the node's Docker engine. It runs what it is asked to and reports what
/// really runs (from the engine, by label), never what it remembers.
/// </summary>
[Alias("paas.INodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>The node's address, load and every platform instance on its engine (running or exited).</summary>
    [AlwaysInterleave, Alias("GetReport")]
    Task<NodeReport> GetReportAsync();

    /// <summary>Where other nodes reach this node's control endpoint (no engine call, unlike the report).</summary>
    [AlwaysInterleave, Alias("GetControlUrl")]
    Task<string> GetControlUrlAsync();

    /// <summary>Where other nodes reach this node's internal listener (images between nodes, mutual TLS with the cluster certificate).</summary>
    [AlwaysInterleave, Alias("GetInternalUrl")]
    Task<string> GetInternalUrlAsync();

    /// <summary>The instances of one app on this node, from the engine.</summary>
    [AlwaysInterleave, Alias("ListInstances")]
    Task<IReadOnlyList<NodeInstance>> ListInstancesAsync(string app);

    /// <summary>The instances of every app on this node, in one engine call: a reconciliation pass asks each node once.</summary>
    [AlwaysInterleave, Alias("ListAllInstances")]
    Task<IReadOnlyList<NodeInstance>> ListAllInstancesAsync();

    /// <summary>Starts one instance and waits until it is up (web: answers HTTP and passes its checks).</summary>
    [AlwaysInterleave, Alias("StartInstance")]
    Task<InstanceStartResult> StartInstanceAsync(InstanceRequest request);

    /// <summary>Stops and removes containers of this node (gone ones are ignored).</summary>
    [AlwaysInterleave, Alias("StopInstances")]
    Task StopInstancesAsync(IReadOnlyList<string> containerIds);

    /// <summary>Stops containers of this node and keeps them for <see cref="ResumeInstanceAsync"/> (a sleeping app).</summary>
    [AlwaysInterleave, Alias("ParkInstances")]
    Task ParkInstancesAsync(IReadOnlyList<string> containerIds);

    /// <summary>
    /// Starts a parked container again and waits until it is up, as <see cref="StartInstanceAsync"/>
    /// does; <see cref="InstanceStartResult.Gone"/> when the container is no longer there. A container
    /// that does not come up stays, stopped, for its crash output.
    /// </summary>
    [AlwaysInterleave, Alias("ResumeInstance")]
    Task<InstanceStartResult> ResumeInstanceAsync(InstanceInfo parked, InstanceRequest request);

    /// <summary>The last lines a container wrote (for crash reports).</summary>
    [AlwaysInterleave, Alias("Tail")]
    Task<IReadOnlyList<string>> TailAsync(string containerId, int lines);

    /// <summary>
    /// The last <paramref name="lines"/> lines this node kept of the app's instances (of every
    /// release, also of containers long removed), in the order they were kept (Paas:Logs:KeepMiB per app).
    /// </summary>
    [AlwaysInterleave, Alias("ReadKeptTail")]
    Task<IReadOnlyList<LogLine>> ReadKeptTailAsync(string app, int lines);

    /// <summary>
    /// The last <paramref name="tail"/> kept lines, then <see cref="LogLine.EndOfTail"/>, then every
    /// line this node keeps of the app as it comes, across deploys, until the reader stops.
    /// </summary>
    [AlwaysInterleave, Alias("FollowKept")]
    IAsyncEnumerable<LogLine> FollowKeptAsync(string app, int tail, CancellationToken cancellationToken = default);

    /// <summary>The memory of the app's running instances on this node, from the node's last sample.</summary>
    [AlwaysInterleave, Alias("AppMemory")]
    Task<AppMemory> GetAppMemoryAsync(string app);

    /// <summary>Whether the image is on this node's engine.</summary>
    [AlwaysInterleave, Alias("HasImage")]
    Task<bool> HasImageAsync(string image);

    /// <summary>
    /// Whether the image is here, still arriving (a copy to this node is being loaded), or absent:
    /// whoever counts copies counts an arriving one, so no third copy is started beside it.
    /// </summary>
    [AlwaysInterleave, Alias("GetImagePresence")]
    Task<ImagePresence> GetImagePresenceAsync(string image);

    /// <summary>
    /// Makes sure the image is on this node: present already, or fetched from the first of
    /// <paramref name="sources"/> that has it. Returns null, or why it could not.
    /// </summary>
    [AlwaysInterleave, Alias("EnsureImage")]
    Task<string?> EnsureImageAsync(string image, IReadOnlyList<string> sources);

    /// <summary>
    /// Builds a pushed commit of the app's repository on this node (where the push arrived), streaming
    /// the log. Cancelling (the push was abandoned) stops the build as its timeout would.
    /// </summary>
    [AlwaysInterleave, Alias("Build")]
    IAsyncEnumerable<NodeWorkEvent> BuildAsync(NodeBuildRequest request, CancellationToken cancellationToken = default);

    /// <summary>Tags a built image as a release and reads the port it exposes.</summary>
    [AlwaysInterleave, Alias("TagRelease")]
    Task<int?> TagReleaseAsync(string image, string releaseTag, bool removeSource);

    /// <summary>Runs a container to completion (the release phase), streaming its output; the last event carries the exit code.</summary>
    [AlwaysInterleave, Alias("RunToCompletion")]
    IAsyncEnumerable<NodeWorkEvent> RunToCompletionAsync(InstanceRequest request);

    /// <summary>
    /// Runs a scheduled job's container to completion within <paramref name="timeout"/>: its output
    /// is kept in the app's <c>logs</c> as <paramref name="keepAs"/> (e.g. <c>cron.ab12cd34</c>) and
    /// streamed; the last event carries the exit code.
    /// </summary>
    [AlwaysInterleave, Alias("RunJob")]
    IAsyncEnumerable<NodeWorkEvent> RunJobAsync(InstanceRequest request, string keepAs, TimeSpan timeout);

    /// <summary>Removes the app's images other than <paramref name="keepImages"/>, and its exited helper containers.</summary>
    [AlwaysInterleave, Alias("Prune")]
    Task PruneAsync(string app, IReadOnlyList<string> keepImages);

    /// <summary>Empties the app's buildpack CACHE_DIR on this node.</summary>
    [AlwaysInterleave, Alias("PurgeBuildCache")]
    Task PurgeBuildCacheAsync(string app);

    /// <summary>Removes everything of the app on this node: instances, images, build cache, its copy of the repository.</summary>
    [AlwaysInterleave, Alias("RemoveApp")]
    Task RemoveAppAsync(string app);

    /// <summary>
    /// Apps that may have been destroyed while this node was away: of the apps with instances here
    /// (<paramref name="appsWithInstances"/>, from the pass's list of this node) and of those whose
    /// output this node keeps, those not in <paramref name="registeredApps"/>. Nothing is removed: the
    /// caller asks each app's grain first (<see cref="RemoveAppAsync"/> then removes a confirmed one).
    /// </summary>
    [AlwaysInterleave, Alias("FindOrphans")]
    Task<IReadOnlyList<string>> FindOrphansAsync(IReadOnlyList<string> registeredApps, IReadOnlyList<string> appsWithInstances);

    /// <summary>
    /// Whether an app may mount the host directory <paramref name="path"/> on this node (<c>storage:mount</c>):
    /// null, or one sentence. Checked here because links, the data folder and <c>Paas:Storage:HostRoots</c> are this node's.
    /// </summary>
    [AlwaysInterleave, Alias("HostPathRefusal")]
    Task<string?> HostPathRefusalAsync(string path);

    /// <summary>
    /// Starts copying the app's named volume <paramref name="volume"/> from <paramref name="sourceNode"/> into a new
    /// volume of this node (<c>storage:move</c>; the app is stopped meanwhile), using <paramref name="image"/>,
    /// which both nodes hold, for the copying containers, and returns at once: a large copy takes longer than
    /// any one grain call may, so the mover follows it with <see cref="GetVolumeCopyAsync"/>. A volume of that
    /// name already here is refused (in the copy's result); a copy of it still going here is left to go.
    /// </summary>
    [AlwaysInterleave, Alias("StartVolumeCopy")]
    Task StartVolumeCopyAsync(string app, string volume, string image, string sourceNode);

    /// <summary>How the copy <see cref="StartVolumeCopyAsync"/> started goes: bytes so far, and its result once it ended; null when this node knows of none.</summary>
    [AlwaysInterleave, Alias("GetVolumeCopy")]
    Task<VolumeCopyProgress?> GetVolumeCopyAsync(string app, string volume);

    /// <summary>Stops the copy of the app's volume here if one is going, and waits for its end (a copy cut short removes what it wrote).</summary>
    [AlwaysInterleave, Alias("CancelVolumeCopy")]
    Task CancelVolumeCopyAsync(string app, string volume);

    /// <summary>The running containers on this node that mount the app's named volume (<c>storage:move</c> looks for runs still writing to it).</summary>
    [AlwaysInterleave, Alias("GetVolumeUsers")]
    Task<IReadOnlyList<VolumeUser>> GetVolumeUsersAsync(string app, string volume);

    /// <summary>Removes the app's named volume here (a copy a move made and did not keep); one in use stays.</summary>
    [AlwaysInterleave, Alias("DropVolume")]
    Task DropVolumeAsync(string app, string volume);

    /// <summary>Disk used by the app's images on this node.</summary>
    [AlwaysInterleave, Alias("ImageBytes")]
    Task<long> ImageBytesAsync(string app);
}
