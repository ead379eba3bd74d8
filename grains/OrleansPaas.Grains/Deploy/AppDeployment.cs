using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Configuration;
using OrleansPaas.Cron;
using OrleansPaas.Grains.Apps;
using OrleansPaas.Grains.Attachments;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Releases;
using OrleansPaas.Builds;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Resources;

namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// Deploying a release as one transaction, inside one command of the app's grain: a
/// <see cref="Rollout"/> brings its instances up; only when they serve is the new current release,
/// formation, config and instances committed in one write. Then <see cref="Retirement"/> switches the
/// routes and retires the old instances, and <see cref="ImagePruning"/> removes the images no kept
/// release uses. Also the ledger's new entries, which a deploy then carries out.
/// </summary>
public sealed partial class AppDeployment(IDeployHost app, IGrainFactory grains, ClusterNodes nodes, PaasOptions settings,
    PaasMetrics metrics, ILogger logger)
{
    public Retirement Retiring { get; } = new(app.Name, logger);

    public ImagePruning Pruning { get; } = new(app.Name, grains, nodes);

    private AppState State => app.State;

    /// <summary>
    /// Release (an immutable, numbered record of the image and config, tagged <c>paas/app:vN</c>
    /// on the node that holds the image) then deploy it, inside one command of the grain.
    /// </summary>
    public async Task<bool> ReleaseBuiltAsync(BuildLog log, BuiltImage built)
    {
        var (formation, formationProblem) = InitialFormation.For(State.Current is null, State.Formation, built.AppJson, built.ProcessTypes);
        if (formationProblem is not null)
        {
            log.Error($"Deploy failed: {formationProblem}");
            log.Error(app.PreviousReleaseNote());
            return false;
        }

        var version = State.NextVersion;
        var tag = ImageNames.Release(app.Name, version);
        ReleaseRecord release;
        using (PaasTracing.StartStep("release")?.SetTag("release", version))
        {
            var port = await grains.Node(built.Node).TagReleaseAsync(built.Image, tag, built.RemoveSource) ?? settings.Deploy.DefaultPort;
            release = await AddReleaseAsync(tag, built.Commit, port, built.Description, built.ProcessTypes, built.Kind, built.Checks, State.Config, formation,
                built.AppJson);
        }

        log.Step($"Releasing {app.Name} v{version} ({tag})");
        log.Step($"Deploying {app.Name} v{version}");
        var result = await DeployAsync(release, formation, log, built.RunReleasePhase, keepSameProgram: false);
        if (!result.Succeeded)
        {
            log.Error(app.PreviousReleaseNote());
            return false;
        }

        log.Write($"=====> Application deployed: http://{app.VirtualHost}");
        LogDeployed(logger, app.Name.Value, version, built.Description);
        return true;
    }

    /// <summary>
    /// Deploys <paramref name="release"/> at <paramref name="formation"/>. On success
    /// <paramref name="commit"/> applies the command's other changes (config, …) together with the
    /// new current release; on failure nothing but the failed release's ledger entry changes.
    /// </summary>
    public async Task<RolloutResult> DeployAsync(ReleaseRecord release, IReadOnlyDictionary<string, int> formation, BuildLog log,
        bool runReleasePhase, bool keepSameProgram, Action? commit = null, bool retireBeforeReturning = false, ResourceLimits? resources = null)
    {
        using var span = PaasTracing.StartStep("deploy")?.SetTag("app", app.Name.Value).SetTag("release", release.Version);
        var rollout = app.NewRollout(log, resources);
        var attachments = State.Attachments ?? ContainerAttachments.None;
        formation = PortedFormation.Of(formation, release, attachments);
        // A sleeping app's deploy starts and checks every instance anew, then parks them in place of the old parked ones.
        var asleep = State.Sleeping;
        var previous = asleep ? app.Running.Parked.ToList() : app.Running.Instances.ToList();
        var keep = keepSameProgram && !asleep ? previous.Where(i => ReleaseLedger.IsSameProgram(State.Releases, i.ReleaseVersion, release)).ToList() : [];
        var clock = Stopwatch.StartNew();
        await rollout.StopAsync(asleep ? [] : PortHandover.StopFirst(previous, keep, attachments, release));
        var result = await rollout.StartAsync(release, formation, keep, runReleasePhase);
        metrics.DeployEnded(app.Name.Value, result.Succeeded, clock.Elapsed);
        span?.SetTag("result", result.Succeeded ? "succeeded" : "failed").SetTag("instances", result.Instances?.Count);
        if (!result.Succeeded)
        {
            span?.SetStatus(ActivityStatusCode.Error, result.Problem);
            ReleaseLedger.SetStatus(State.Releases, release.Version, ReleaseStatus.Failed);
            await app.SaveAsync();
            return result;
        }

        var serving = result.Instances!;
        var retired = Retirement.Replaced(previous, serving, log);
        commit?.Invoke();
        Pruning.Due();
        State.Formation = new Dictionary<string, int>(formation, StringComparer.Ordinal);
        State.Stopped = false;
        State.CurrentVersion = release.Version;
        State.StorageNode = StoragePlacement.After(attachments, State.StorageNode, serving);
        ReleaseLedger.SetStatus(State.Releases, release.Version, ReleaseStatus.Deployed);
        app.Running.Deployed(serving, asleep);
        await app.SaveAsync();
        if (asleep)
        {
            await rollout.StopAsync(retired);
            await app.Sleep.ParkNewInstancesAsync(rollout, log, serving);
            await AfterDeployAsync(rollout, release, serving, runReleasePhase);
            return result;
        }

        // A fresh deploy starts the idle clock again.
        app.Sleep.Deployed();
        // Scaling down waits for the surplus to stop (the command means "run this many"); pruning
        // after a background retirement must not race a build between tagging its image and releasing it.
        await Retiring.HandOverAsync(retired, app.PublishRouteAsync, rollout.RetireAsync, wait: retireBeforeReturning,
            afterwards: () => app.RunCommandAsync(async () =>
            {
                await PruneImagesAsync();
                return true;
            }));
        await AfterDeployAsync(rollout, release, serving, runReleasePhase);
        return result;
    }

    /// <summary>Deploys a release in place of the running instances (restart, start, config change, rollback), as a command's answer.</summary>
    public async Task<AppCommandResult> RedeployAsync(ReleaseRecord release, string what, bool runReleasePhase, bool keepSameProgram,
        Action? commit = null, ResourceLimits? resources = null)
    {
        var log = BuildLog.InMemory();
        var result = await DeployAsync(release, State.Formation, log, runReleasePhase, keepSameProgram, commit, resources: resources);
        return result.Succeeded ? AppCommandResult.Ok(app.Snapshot()) : AppCommandResult.Failed($"{what} of {app.Name} failed: {Problems(log)}");
    }

    /// <summary>The errors a deploy wrote to its log, as one sentence for a command's answer.</summary>
    public static string Problems(BuildLog log) =>
        string.Join(" ", log.Lines().Where(l => l.StartsWith(" !", StringComparison.Ordinal)).Select(l => l.TrimStart(' ', '!'))).Trim();

    /// <summary>Not while old instances retire, nor while a build is between its steps (its images are not released yet).</summary>
    public Task PruneIfDueAsync() => Retiring.Idle && !app.Building ? Pruning.PruneIfDueAsync(KeptImages) : Task.CompletedTask;

    /// <summary>A new, pending entry on top of the ledger, saved before anything is deployed.</summary>
    public Task<ReleaseRecord> AddReleaseAsync(string image, string commit, int port, string description,
        IReadOnlyDictionary<string, string> processTypes, ReleaseKind kind, IReadOnlyList<HealthCheck> checks,
        IReadOnlyDictionary<string, string> config, IReadOnlyDictionary<string, int> formation, AppJsonSettings? appJson) =>
        RecordReleaseAsync(new ReleaseRecord(State.NextVersion, image, commit, port, DateTimeOffset.UtcNow, ReleaseStatus.Pending,
            description, new Dictionary<string, string>(config), processTypes, kind, checks, new Dictionary<string, int>(formation), appJson));

    /// <summary>A new release of the same build as <paramref name="basis"/> with the given config and formation.</summary>
    public Task<ReleaseRecord> AddReleaseLikeAsync(ReleaseRecord basis, string description,
        IReadOnlyDictionary<string, string> config, IReadOnlyDictionary<string, int> formation) =>
        RecordReleaseAsync(ReleaseLedger.Like(basis, State.NextVersion, description, config, formation, DateTimeOffset.UtcNow));

    private async Task<ReleaseRecord> RecordReleaseAsync(ReleaseRecord release)
    {
        ReleaseLedger.Add(State.Releases, release, State.Current?.Version, settings.Releases.KeepRecords);
        await app.SaveAsync();
        return release;
    }

    /// <summary>
    /// Once a new release serves: app.json's postdeploy (a failure is in the push's output; the
    /// release stays), and the cron grain follows the release's jobs.
    /// </summary>
    private async Task AfterDeployAsync(Rollout rollout, ReleaseRecord release, IReadOnlyList<InstanceInfo> serving, bool newRelease)
    {
        if (newRelease)
        {
            await rollout.Scripts.RunPostdeployAsync(release, serving);
        }

        try
        {
            // Bounded: the end of every deploy waits for it, and the cron grain may be on a node that does not answer.
            await grains.GetGrain<ICronGrain>(app.Name.Value).FollowAsync(release.AppJson?.Cron ?? []).WaitAsync(CronFollowTimeout);
        }
        catch (Exception ex)
        {
            // The release serves; its jobs follow at the next deploy or the cron grain's next activation.
            LogCronNotFollowing(logger, app.Name.Value, release.Version, ex.Message);
        }
    }

    private static readonly TimeSpan CronFollowTimeout = TimeSpan.FromSeconds(10);

    // A build between its steps has images and helper containers not released yet: a later pass prunes.
    private Task PruneImagesAsync() => app.Building ? Task.CompletedTask : Pruning.PruneAsync(KeptImages());

    /// <summary>The images of the last <c>Paas:Releases:Keep</c> releases and of the current one.</summary>
    private IReadOnlyList<string> KeptImages() => ReleaseLedger.ImagesKept(State.Releases, State.Current, settings.Releases.Keep);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployed {App} v{Version} ({Description})")]
    private static partial void LogDeployed(ILogger logger, string app, int version, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cron jobs of {App} v{Version} could not be handed to its cron grain: {Reason}")]
    private static partial void LogCronNotFollowing(ILogger logger, string app, int version, string reason);
}
