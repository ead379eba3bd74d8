using Orleans.Concurrency;
using OrleansPaas.Builds;

namespace OrleansPaas.Apps;

/// <summary>
/// The single writer for one app's desired state (key = app name): releases, config, domains,
/// formation, placed instances, build queue. Nodes run the containers. Long work runs as a queue
/// inside the grain; the read methods interleave so they never wait behind a build.
/// </summary>
[Alias("paas.IAppGrain")]
public interface IAppGrain : IGrainWithStringKey
{
    /// <summary>Creates the app if it does not exist yet (the first push creates it, as in Dokku).</summary>
    [Alias("EnsureCreated")]
    Task<AppCommandResult> EnsureCreatedAsync();

    /// <summary>Creates the app; refuses (Conflict) when it exists already.</summary>
    [Alias("Create")]
    Task<AppCommandResult> CreateAsync();

    /// <summary>Removes containers, images, repository, routes, domains and state.</summary>
    [Alias("Destroy")]
    Task<AppCommandResult> DestroyAsync();

    [AlwaysInterleave, Alias("GetConfig")]
    Task<IReadOnlyDictionary<string, string>?> GetConfigAsync();

    [Alias("UpdateConfig")]
    Task<AppCommandResult> UpdateConfigAsync(ConfigChange change);

    [Alias("AddDomain")]
    Task<AppCommandResult> AddDomainAsync(string domain);

    [Alias("RemoveDomain")]
    Task<AppCommandResult> RemoveDomainAsync(string domain);

    [Alias("Scale")]
    Task<AppCommandResult> ScaleAsync(IReadOnlyDictionary<string, int> formation);

    [Alias("Stop")]
    Task<AppCommandResult> StopAsync();

    [Alias("Start")]
    Task<AppCommandResult> StartAsync();

    [Alias("Restart")]
    Task<AppCommandResult> RestartAsync();

    /// <summary>
    /// Starts the current release's instances anew exactly as they run (no new release, no release phase, config stored
    /// with --no-restart not applied), so that they are placed again: a linked service changed node. A stopped,
    /// sleeping or undeployed app is left as it is (its next start places them).
    /// </summary>
    [Alias("ReplaceInstances")]
    Task<AppCommandResult> ReplaceInstancesAsync();

    /// <summary>
    /// <c>resource:limit</c>: sets the app's own CPU and memory limits (null fields stay as they are);
    /// a running app is restarted onto them, zero-downtime, and keeps the old ones if that fails.
    /// </summary>
    [Alias("SetResourceLimits")]
    Task<AppCommandResult> SetResourceLimitsAsync(OrleansPaas.Resources.ResourceLimits change);

    /// <summary><c>resource:limit-clear</c>: the app's containers get the platform's defaults again, as <see cref="SetResourceLimitsAsync"/> applies them.</summary>
    [Alias("ClearResourceLimits")]
    Task<AppCommandResult> ClearResourceLimitsAsync();

    /// <summary>
    /// <c>storage:*</c>, <c>ports:*</c> and <c>ps:set cap-add|device</c>: changes what the app's containers
    /// get beyond code and config. Stored as the app's setting and applied from the next deploy or restart on.
    /// </summary>
    [Alias("ChangeAttachments")]
    Task<AppCommandResult> ChangeAttachmentsAsync(OrleansPaas.Attachments.AttachmentChange change);

    /// <summary>
    /// <c>storage:move</c>: copies the app's volume <paramref name="volume"/> to <paramref name="node"/> with
    /// the app stopped meanwhile, then runs the app there. Progress lines come as they happen; the last step
    /// carries the outcome (refused before anything happened, or failed with the app running where it was).
    /// </summary>
    [Alias("MoveStorage")]
    IAsyncEnumerable<OrleansPaas.Attachments.StorageMoveStep> MoveStorageAsync(string volume, string node);

    /// <summary>Makes a new release from vN's image and config (default: the deployed release before the current one) and deploys it without a build.</summary>
    [Alias("Rollback")]
    Task<AppCommandResult> RollbackAsync(int? version);

    /// <summary>
    /// Compares the instances the app should have with what the live nodes report and corrects
    /// the difference: crashed instances leave the routes and restart with back-off, instances of a
    /// dead node start elsewhere, strays go. Called by the reconciler's passes and on hints (Docker events).
    /// </summary>
    [Alias("Reconcile")]
    Task ReconcileAsync();

    /// <summary>
    /// Containers of this app that its node's engine reported dead (<c>docker kill</c>, a crash, the
    /// OOM killer): they leave the routes at once, before the app looks at the nodes, and then the app
    /// reconciles as <see cref="ReconcileAsync()"/> does, counting them as exited with the reported
    /// code even if the engine's list, made just after, still shows them running.
    /// </summary>
    [Alias("InstancesDied")]
    Task InstancesDiedAsync(IReadOnlyList<OrleansPaas.Supervision.InstanceDeath> deaths);

    /// <summary>
    /// A reconciliation pass's share for this app: its containers as the pass's one list per node
    /// saw them. When they match what the app expects, nothing is written or published; otherwise
    /// the app looks again itself and corrects, as <see cref="ReconcileAsync()"/> does.
    /// </summary>
    [Alias("ReconcileObserved")]
    Task ReconcileAsync(OrleansPaas.Supervision.AppObservation observation);

    /// <summary>The image and environment a one-off process runs with; null when nothing is deployed.</summary>
    [AlwaysInterleave, Alias("GetRunSpec")]
    Task<RunSpec?> GetRunSpecAsync();

    /// <summary>Queues a build of the given source and returns at once; progress is read with <see cref="ReadBuildLogAsync"/>.</summary>
    [Alias("EnqueueBuild")]
    Task<BuildTicket> EnqueueBuildAsync(BuildSource source);

    /// <summary>
    /// The push's last word, from the hook that carried it: <paramref name="published"/> when the
    /// commit was stored cluster-wide and git is moving the branch, false when the push is refused
    /// after all. Until then the app refuses any other push, which could only overwrite this one.
    /// </summary>
    [Alias("EndPush")]
    Task EndPushAsync(int buildId, bool published);

    /// <summary>Queues the deploy of a prebuilt image (<c>git:from-image</c>): no build, the image becomes the next release.</summary>
    [Alias("EnqueueImageDeploy")]
    Task<BuildTicket> EnqueueImageDeployAsync(string image);

    /// <summary>Empties the buildpacks' CACHE_DIR of the app.</summary>
    [Alias("PurgeBuildCache")]
    Task<AppCommandResult> PurgeBuildCacheAsync();

    /// <summary>
    /// Abandons a queued or building job whose pusher left: it stops and nothing is deployed. True
    /// when it was abandoned; false when it is unknown, finished, or already deploying (it then finishes).
    /// </summary>
    [AlwaysInterleave, Alias("AbandonBuild")]
    Task<bool> AbandonBuildAsync(int buildId);

    /// <summary>Log lines of a build from <paramref name="fromLine"/> on; waits up to <paramref name="wait"/> for new lines.</summary>
    [AlwaysInterleave, Alias("ReadBuildLog")]
    Task<BuildLogChunk> ReadBuildLogAsync(int buildId, int fromLine, TimeSpan wait, CancellationToken cancellationToken = default);

    [AlwaysInterleave, Alias("GetInfo")]
    Task<AppInfo> GetInfoAsync();

    /// <summary>
    /// What a node runs for <paramref name="command"/> as a one-off of the current release (its image,
    /// config and limits), labelled <paramref name="process"/>: a cron job's run. Null when nothing is deployed.
    /// </summary>
    [AlwaysInterleave, Alias("GetJobRequest")]
    Task<OrleansPaas.Nodes.InstanceRequest?> GetJobRequestAsync(string process, string command);

    /// <summary>
    /// Why a one-off (<c>run</c>) or cron run of the app may not start now, as one sentence: its volume is
    /// being copied to another node by <c>storage:move</c>, and a run now would write to the copy left
    /// behind. Null when it may.
    /// </summary>
    [AlwaysInterleave, Alias("RunRefusal")]
    Task<string?> RunRefusalAsync();

    /// <summary>The app's build records, oldest first (<c>builds:list</c>); null when the app does not exist.</summary>
    [AlwaysInterleave, Alias("GetBuilds")]
    Task<IReadOnlyList<BuildRecord>?> GetBuildsAsync();

    /// <summary>A build's record and whole output (default: the latest build); null when there is no such build.</summary>
    [AlwaysInterleave, Alias("GetBuildOutput")]
    Task<BuildOutput?> GetBuildOutputAsync(int? buildId);

    /// <summary><c>ps:set APP sleep-after …|sleep-page …</c>: when the app goes to sleep, and whether browsers get a waiting page while it wakes.</summary>
    [Alias("SetSleep")]
    Task<AppCommandResult> SetSleepAsync(OrleansPaas.Sleep.SleepSettings settings);

    /// <summary>
    /// Wakes the app if it sleeps: starts its instances once, however many gateways ask at the same
    /// moment, and returns when the routes to them are published (or why it could not).
    /// </summary>
    [AlwaysInterleave, Alias("Wake")]
    Task<OrleansPaas.Sleep.WakeResult> WakeAsync();

    /// <summary>
    /// A gateway's batch for the last few seconds: requests it forwarded to the app and connections
    /// still open. Any of either keeps the app awake.
    /// </summary>
    [AlwaysInterleave, OneWay, Alias("ReportActivity")]
    Task ReportActivityAsync(string gateway, long requests, int open);

    /// <summary>A gateway's figures for one wake: requests it held, and how long the first of them waited for its response.</summary>
    [AlwaysInterleave, OneWay, Alias("ReportWake")]
    Task ReportWakeAsync(int wake, int heldRequests, TimeSpan firstResponseAfter);
}
