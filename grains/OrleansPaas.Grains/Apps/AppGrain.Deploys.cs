using System.Diagnostics;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Releases;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Routing;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Resources;
using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Deploying a release as one transaction: a <see cref="Rollout"/> brings its instances up; only
/// when they serve does the grain commit the new current release, formation, config and
/// instances in one write. Then <see cref="Retirement"/> switches the routes and retires the old
/// instances, and <see cref="ImagePruning"/> removes the images no kept release uses.
/// </summary>
public sealed partial class AppGrain
{
    private Retirement? _retirement;
    private AppRoutePublisher? _routes;
    private ImagePruning? _pruning;

    private Retirement Retiring => _retirement ??= new Retirement(_name, logger);
    private AppRoutePublisher Routes => _routes ??= new AppRoutePublisher(_name, GrainFactory.GetGrain<IRouteTableGrain>(0), logger);
    private ImagePruning Pruning => _pruning ??= new ImagePruning(_name, GrainFactory, nodes);

    /// <summary>
    /// Deploys <paramref name="release"/> at <paramref name="formation"/>. On success
    /// <paramref name="commit"/> applies the command's other changes (config, …) together with the
    /// new current release; on failure nothing but the failed release's ledger entry changes.
    /// </summary>
    private async Task<RolloutResult> DeployAsync(ReleaseRecord release, IReadOnlyDictionary<string, int> formation, BuildLog log,
        bool runReleasePhase, bool keepSameProgram, Action? commit = null, bool retireBeforeReturning = false, ResourceLimits? resources = null)
    {
        using var span = PaasTracing.StartStep("deploy")?.SetTag("app", _name.Value).SetTag("release", release.Version);
        var rollout = NewRollout(log, resources);
        // A sleeping app's deploy starts and checks every instance anew, then parks them in place of the old parked ones.
        var asleep = State.Sleeping;
        var previous = asleep ? _running.Parked.ToList() : _running.Instances.ToList();
        var keep = keepSameProgram && !asleep ? previous.Where(i => IsSameProgram(i.ReleaseVersion, release)).ToList() : [];
        var clock = Stopwatch.StartNew();
        var result = await rollout.StartAsync(release, formation, keep, runReleasePhase);
        metrics.DeployEnded(_name.Value, result.Succeeded, clock.Elapsed);
        span?.SetTag("result", result.Succeeded ? "succeeded" : "failed").SetTag("instances", result.Instances?.Count);
        if (!result.Succeeded)
        {
            span?.SetStatus(ActivityStatusCode.Error, result.Problem);
            ReleaseLedger.SetStatus(State.Releases, release.Version, ReleaseStatus.Failed);
            await state.WriteStateAsync();
            return result;
        }

        var serving = result.Instances!;
        var retired = Retirement.Replaced(previous, serving, log);
        commit?.Invoke();
        Pruning.Due();
        State.Formation = new Dictionary<string, int>(formation, StringComparer.Ordinal);
        State.Stopped = false;
        State.CurrentVersion = release.Version;
        ReleaseLedger.SetStatus(State.Releases, release.Version, ReleaseStatus.Deployed);
        _running.Deployed(serving, asleep);
        await state.WriteStateAsync();
        if (asleep)
        {
            await rollout.StopAsync(retired);
            await _sleep.ParkNewInstancesAsync(rollout, log, serving);
            return result;
        }

        // A fresh deploy starts the idle clock again.
        _sleep.Deployed();
        // Scaling down waits for the surplus to stop (the command means "run this many"); pruning
        // after a background retirement must not race a build between tagging its image and releasing it.
        await Retiring.HandOverAsync(retired, PublishRouteAsync, rollout.RetireAsync, wait: retireBeforeReturning,
            afterwards: () => RunCommandAsync(async () =>
            {
                await PruneImagesAsync();
                return true;
            }));
        return result;
    }

    // A build between its steps has images and helper containers not released yet: a later pass prunes.
    private Task PruneImagesAsync() => BuildsInFlight > 0 ? Task.CompletedTask : Pruning.PruneAsync(KeptImages());

    /// <summary>The images of the last <c>Paas:Releases:Keep</c> releases and of the current one.</summary>
    private IReadOnlyList<string> KeptImages() => ReleaseLedger.ImagesKept(State.Releases, State.Current, Settings.Releases.Keep);

    /// <summary>Publishes the app's hosts and its web instances' endpoints (unless unchanged), and waits until every live gateway routes by them.</summary>
    private Task PublishRouteAsync() => PublishRouteAsync(_running.Instances);

    private Task PublishRouteAsync(IEnumerable<InstanceInfo> instances) => Routes.PublishAsync(Routes.Entry(State.Domains.Prepend(VirtualHost), instances,
        State.Stopped, State.Sleeping, _sleep.SleepAfter, State.SleepPage));

    private Task<ReleaseRecord> AddReleaseAsync(string image, string commit, int port, string description,
        IReadOnlyDictionary<string, string> processTypes, ReleaseKind kind, IReadOnlyList<HealthCheck> checks,
        IReadOnlyDictionary<string, string> config, IReadOnlyDictionary<string, int> formation) =>
        RecordReleaseAsync(new ReleaseRecord(State.NextVersion, image, commit, port, DateTimeOffset.UtcNow, ReleaseStatus.Pending,
            description, new Dictionary<string, string>(config), processTypes, kind, checks, new Dictionary<string, int>(formation)));

    /// <summary>A new release of the same build as <paramref name="basis"/> with the given config and formation.</summary>
    private Task<ReleaseRecord> AddReleaseLikeAsync(ReleaseRecord basis, string description,
        IReadOnlyDictionary<string, string> config, IReadOnlyDictionary<string, int> formation) =>
        RecordReleaseAsync(ReleaseLedger.Like(basis, State.NextVersion, description, config, formation, DateTimeOffset.UtcNow));

    private async Task<ReleaseRecord> RecordReleaseAsync(ReleaseRecord release)
    {
        ReleaseLedger.Add(State.Releases, release, State.Current?.Version, Settings.Releases.KeepRecords);
        await state.WriteStateAsync();
        return release;
    }

    private bool IsSameProgram(int version, ReleaseRecord release) => ReleaseLedger.IsSameProgram(State.Releases, version, release);

    private static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) => ReleaseLedger.SameEntries(a, b);

    /// <summary>A rollout whose containers get the app's limits, or <paramref name="resources"/> (a change not committed yet).</summary>
    private Rollout NewRollout(BuildLog log, ResourceLimits? resources = null) =>
        new(_name, VirtualHost, GrainFactory, nodes, Settings.Deploy, log, Settings.Deploy.ResourcesFor(resources ?? State.Resources));

    private static string Problems(BuildLog log) =>
        string.Join(" ", log.Lines().Where(l => l.StartsWith(" !", StringComparison.Ordinal)).Select(l => l.TrimStart(' ', '!'))).Trim();
}
