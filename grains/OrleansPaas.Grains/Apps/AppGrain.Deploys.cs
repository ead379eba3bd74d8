using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Releases;
using OrleansPaas.Grains.Routing;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Nodes;
using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Deploying a release as one transaction: a <see cref="Rollout"/> brings its instances up; only
/// when they serve does the grain commit the new current release, formation, config and
/// instances in one write, switch the routes and retire the old instances.
/// </summary>
public sealed partial class AppGrain
{
    // Instances retired in the background: still running while they drain, but no longer the app's.
    private readonly HashSet<string> _retiring = new(StringComparer.Ordinal);
    // The route this activation last published: a pass whose route is the same publishes nothing.
    private RouteEntry? _published;

    /// <summary>
    /// Deploys <paramref name="release"/> at <paramref name="formation"/>. On success
    /// <paramref name="commit"/> applies the command's other changes (config, …) together with the
    /// new current release; on failure nothing but the failed release's ledger entry changes.
    /// </summary>
    private async Task<RolloutResult> DeployAsync(ReleaseRecord release, IReadOnlyDictionary<string, int> formation, BuildLog log,
        bool runReleasePhase, bool keepSameProgram, Action? commit = null, bool retireBeforeReturning = false)
    {
        using var span = PaasTracing.StartStep("deploy")?.SetTag("app", _name.Value).SetTag("release", release.Version);
        var rollout = NewRollout(log);
        // A sleeping app's deploy starts and checks every instance anew, then parks them in place of the old parked ones.
        var asleep = State.Sleeping;
        var previous = asleep ? _running.Parked.ToList() : _running.Instances.ToList();
        var keep = keepSameProgram && !asleep ? previous.Where(i => IsSameProgram(i.ReleaseVersion, release)).ToList() : [];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RolloutResult result;
        using (PaasTracing.StartStep("start instances"))
        {
            result = await rollout.StartAsync(release, formation, keep, runReleasePhase);
        }

        metrics.DeployEnded(_name.Value, result.Succeeded, clock.Elapsed);
        span?.SetTag("result", result.Succeeded ? "succeeded" : "failed").SetTag("instances", result.Instances?.Count);
        if (!result.Succeeded)
        {
            span?.SetStatus(ActivityStatusCode.Error, result.Problem);
            SetReleaseStatus(release.Version, ReleaseStatus.Failed);
            await state.WriteStateAsync();
            return result;
        }

        var serving = result.Instances!;
        var retired = previous.Where(p => serving.All(s => s.ContainerId != p.ContainerId)).ToList();
        foreach (var old in retired)
        {
            log.Detail($"Retiring v{old.ReleaseVersion} instance {old.Name} ({ContainerIds.Short(old.ContainerId)} on {old.Node})");
        }

        commit?.Invoke();
        _pruneDue = true;
        State.Formation = new Dictionary<string, int>(formation, StringComparer.Ordinal);
        State.Stopped = false;
        _running.Instances = asleep ? [] : serving.ToList();
        _running.Parked = asleep ? serving.ToList() : [];
        State.CurrentVersion = release.Version;
        SetReleaseStatus(release.Version, ReleaseStatus.Deployed);
        foreach (var instance in serving)
        {
            _running.MarkRecovered(instance.Name);
        }

        await state.WriteStateAsync();
        if (asleep)
        {
            await rollout.StopAsync(retired);
            await _sleep.ParkNewInstancesAsync(rollout, log, serving);
            return result;
        }

        // A fresh deploy starts the idle clock again.
        _sleep.Deployed();
        // The old instances are no longer the app's but still serve until the gateways switch.
        _retiring.UnionWith(retired.Select(i => i.ContainerId));
        try
        {
            await PublishRouteAsync();
        }
        catch
        {
            // Routes not switched: the old instances become strays, which the next reconciliation
            // removes only after publishing the committed instances.
            _retiring.ExceptWith(retired.Select(i => i.ContainerId));
            throw;
        }

        if (retireBeforeReturning)
        {
            // Scaling down: the command means "run this many", so it ends when the surplus is gone.
            await rollout.RetireAsync(retired);
        }
        else
        {
            RetireInBackground(rollout, retired);
        }

        return result;
    }

    /// <summary>The command is done once the new instances serve; the old ones drain and stop after, then old images are pruned.</summary>
    private void RetireInBackground(Rollout rollout, IReadOnlyList<InstanceInfo> retired)
    {
        _retiring.UnionWith(retired.Select(i => i.ContainerId));
        _ = RetireAsync();

        async Task RetireAsync()
        {
            try
            {
                await rollout.RetireAsync(retired);
                // Pruning must not race a build that is between tagging its image and releasing it.
                await RunCommandAsync(async () =>
                {
                    await PruneImagesAsync();
                    return true;
                });
            }
            catch (Exception ex)
            {
                LogRetireFailed(logger, ex, _name.Value);
            }
            finally
            {
                _retiring.ExceptWith(retired.Select(i => i.ContainerId));
            }
        }
    }

    /// <summary>Keeps the images of the last <c>Paas:Releases:Keep</c> releases (and the current one) on every node; removes the rest.</summary>
    private async Task PruneImagesAsync()
    {
        if (BuildsInFlight > 0)
        {
            // A build is between its steps (its images and helper containers are not released yet);
            // a later pass prunes.
            return;
        }

        var keep = State.Releases
            .OrderByDescending(r => r.Version)
            .Take(Math.Max(1, Settings.Releases.Keep))
            .Select(r => r.Image)
            .Append(State.Current?.Image)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        await Task.WhenAll(nodes.Live().Select(node => GrainFactory.GetGrain<INodeGrain>(node).PruneAsync(_name.Value, keep)));
    }

    /// <summary>Publishes the app's hosts and its web instances' endpoints, and waits until every live gateway routes by them.</summary>
    private async Task PublishRouteAsync()
    {
        // The end of a push's trace: from here on the gateways serve the new release.
        var hosts = State.Domains.Prepend(VirtualHost).ToList();
        var web = _running.Instances.Where(i => i.Process == WebProcess).ToList();
        var backends = web.Select(i => new RouteBackend(i.Node, i.Endpoint, i.ContainerEndpoint, i.ContainerId)).ToList();
        var entry = new RouteEntry(_name.Value, hosts, web.Select(i => i.Endpoint).ToList(), State.Stopped, backends,
            State.Sleeping, _sleep.SleepAfter, State.SleepPage);
        if (_published is { } last && RouteEntries.Same(last, entry))
        {
            return;
        }

        using var span = PaasTracing.StartStep("switch routes");
        var table = GrainFactory.GetGrain<IRouteTableGrain>(0);
        var version = await table.PublishAsync(entry);
        _published = entry;
        // Old instances may stop only once every gateway routes to the new ones.
        var applied = await table.WaitUntilAppliedAsync(version, TimeSpan.FromSeconds(10));
        span?.SetTag("routes.version", version).SetTag("result", applied ? "routed" : "gateways lagging");
        if (!applied)
        {
            LogGatewaysLagging(logger, _name.Value, version);
        }
    }

    private async Task<ReleaseRecord> AddReleaseAsync(string image, string commit, int port, string description,
        IReadOnlyDictionary<string, string> processTypes, ReleaseKind kind, IReadOnlyList<HealthCheck> checks,
        IReadOnlyDictionary<string, string> config, IReadOnlyDictionary<string, int> formation)
    {
        var release = new ReleaseRecord(State.NextVersion, image, commit, port, DateTimeOffset.UtcNow,
            ReleaseStatus.Pending, description, new Dictionary<string, string>(config), processTypes, kind, checks,
            new Dictionary<string, int>(formation));
        State.Releases.Add(release);
        ForgetOldestReleases(keep: release.Version);
        await state.WriteStateAsync();
        return release;
    }

    private void ForgetOldestReleases(int keep) =>
        ReleaseLedger.ForgetOldest(State.Releases, State.Current?.Version, keep, Settings.Releases.KeepRecords);

    /// <summary>A new release of the same build as <paramref name="basis"/> with the given config and formation.</summary>
    private Task<ReleaseRecord> AddReleaseLikeAsync(ReleaseRecord basis, string description,
        IReadOnlyDictionary<string, string> config, IReadOnlyDictionary<string, int> formation) =>
        AddReleaseAsync(basis.Image, basis.Commit, basis.Port, description, basis.ProcessTypes, basis.Kind, basis.Checks, config, formation);

    private void SetReleaseStatus(int version, ReleaseStatus status) => ReleaseLedger.SetStatus(State.Releases, version, status);

    private bool IsSameProgram(int version, ReleaseRecord release) => ReleaseLedger.IsSameProgram(State.Releases, version, release);

    private static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) => ReleaseLedger.SameEntries(a, b);

    private Rollout NewRollout(BuildLog log) => new(_name, VirtualHost, GrainFactory, nodes, Settings.Deploy, log);

    private static string Problems(BuildLog log) =>
        string.Join(" ", log.Lines().Where(l => l.StartsWith(" !", StringComparison.Ordinal)).Select(l => l.TrimStart(' ', '!'))).Trim();


    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not retire old instances of {App}")]
    private static partial void LogRetireFailed(ILogger logger, Exception exception, string app);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not every gateway applied routes version {Version} of {App} within 10s; retiring old instances anyway")]
    private static partial void LogGatewaysLagging(ILogger logger, string app, long version);
}
