using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Routing;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Releases;
using OrleansPaas.Grains.Routing;
using OrleansPaas.Grains.Sleep;
using OrleansPaas.Resources;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The grain hosts its deploy transaction (<see cref="AppDeployment"/>) and publishes its routes:
/// the app's hosts and its web instances' endpoints.
/// </summary>
public sealed partial class AppGrain : IDeployHost
{
    private AppDeployment _deployment = null!;
    private AppRoutePublisher? _routes;

    private AppRoutePublisher Routes => _routes ??= new AppRoutePublisher(_name, GrainFactory.GetGrain<IRouteTableGrain>(0), logger);

    private Task<RolloutResult> DeployAsync(ReleaseRecord release, IReadOnlyDictionary<string, int> formation, BuildLog log,
        bool runReleasePhase, bool keepSameProgram, Action? commit = null, bool retireBeforeReturning = false, ResourceLimits? resources = null) =>
        _deployment.DeployAsync(release, formation, log, runReleasePhase, keepSameProgram, commit, retireBeforeReturning, resources);

    /// <summary>Publishes the app's hosts and its web instances' endpoints (unless unchanged), and waits until every live gateway routes by them.</summary>
    private Task PublishRouteAsync() => PublishRouteAsync(_running.Instances);

    private Task PublishRouteAsync(IEnumerable<InstanceInfo> instances) => Routes.PublishAsync(Routes.Entry(State.Domains.Prepend(VirtualHost), instances,
        State.Stopped, State.Sleeping, _sleep.SleepAfter, State.SleepPage));

    private Task<ReleaseRecord> AddReleaseLikeAsync(ReleaseRecord basis, string description,
        IReadOnlyDictionary<string, string> config, IReadOnlyDictionary<string, int> formation) =>
        _deployment.AddReleaseLikeAsync(basis, description, config, formation);

    /// <summary>A rollout whose containers get the app's limits, or <paramref name="resources"/> (a change not committed yet).</summary>
    private Rollout NewRollout(BuildLog log, ResourceLimits? resources = null) =>
        new(_name, VirtualHost, GrainFactory, nodes, Settings.Deploy, log, Settings.Deploy.ResourcesFor(resources ?? State.Resources))
        {
            Attachments = Attachments,
            StorageNode = State.StorageNode,
        };

    SleepCycle IDeployHost.Sleep => _sleep;
    AppInfo IDeployHost.Snapshot() => Snapshot();
    Rollout IDeployHost.NewRollout(BuildLog log, ResourceLimits? resources) => NewRollout(log, resources);
}
