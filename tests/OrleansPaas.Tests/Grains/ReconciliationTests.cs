using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Routing;
using OrleansPaas.Supervision;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// Supervision as reconciliation, and commands as transactions, against a node fake that can
/// fail: instances crash mid-deploy, vanish, or never come up; Docker events are missed.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReconciliationTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;
    private FakeContainerRuntime Runtime => ClusterFixture.Runtime;

    [Fact]
    public async Task Reconcile_InstanceCrashedWithoutAnyEvent_LeavesRoutesAndRestartsAtOnce()
    {
        var app = await DeployedAppAsync("missed-event");
        var before = Assert.Single((await app.GetInfoAsync()).Instances);

        // The process dies and no Docker event reaches the platform: only the periodic pass sees it.
        Runtime.Crash(before.ContainerId, 137);
        await app.ReconcileAsync();

        var after = await app.GetInfoAsync();
        var restarted = Assert.Single(after.Instances);
        Assert.NotEqual(before.ContainerId, restarted.ContainerId);
        Assert.True(Runtime.Running.ContainsKey(restarted.ContainerId));
        Assert.False(Runtime.Exited.ContainsKey(before.ContainerId), "the crashed container is removed");
        var crash = Assert.Single(after.Crashes);
        Assert.Equal(("web.1", 137L, 1, false), (crash.Instance, crash.LastExitCode, crash.Restarts, crash.Restarting));
        Assert.Equal([restarted.Endpoint], await RouteOf("missed-event"));
    }

    [Fact]
    public async Task InstancesDied_WhileTheEngineStillListsTheContainerRunning_LeavesRoutesAndRestartsAtOnce()
    {
        var app = await DeployedAppAsync("died-listed-running");
        var before = Assert.Single((await app.GetInfoAsync()).Instances);

        // Docker's die event comes before its container list says the container stopped (tens of
        // milliseconds): the fake keeps listing it as running while the event is reported.
        Assert.True(Runtime.Running.ContainsKey(before.ContainerId));
        await app.InstancesDiedAsync([new InstanceDeath(before.ContainerId, 137)]);

        // No periodic pass (the fixture's is an hour away): the report alone corrects.
        var after = await app.GetInfoAsync();
        var restarted = Assert.Single(after.Instances);
        Assert.NotEqual(before.ContainerId, restarted.ContainerId);
        Assert.True(Runtime.Running.ContainsKey(restarted.ContainerId));
        Assert.False(Runtime.Running.ContainsKey(before.ContainerId), "the dead container is removed");
        var crash = Assert.Single(after.Crashes);
        Assert.Equal(("web.1", 137L, 1, false), (crash.Instance, crash.LastExitCode, crash.Restarts, crash.Restarting));
        Assert.Equal([restarted.Endpoint], await RouteOf("died-listed-running"));
    }

    [Fact]
    public async Task InstancesDied_ReportedBeforeTheContainerServed_DoesNotOverruleTheEngineAfterwards()
    {
        var app = await DeployedAppAsync("died-before-serving");
        InstanceInfo? second = null;
        Task? report = null;
        // A death reported while web.2 starts, before the scale commits it: by the report's turn (after
        // the scale) the container serves, as a parked one does once a wake started it again; the
        // engine's list, not the older report, says whether it runs.
        Runtime.OnStarted = async instance =>
        {
            if (instance.Name == "web.2" && Runtime.Running.TryGetValue(instance.ContainerId, out var e) && e.App == "died-before-serving")
            {
                second = instance;
                report = app.InstancesDiedAsync([new InstanceDeath(instance.ContainerId, 137)]);
                // A read sent after the report: the report has come in before the scale goes on.
                await app.GetInfoAsync();
            }
        };
        try
        {
            Assert.True((await app.ScaleAsync(new Dictionary<string, int> { ["web"] = 2 })).Succeeded);
        }
        finally
        {
            Runtime.OnStarted = null;
        }

        await report!;

        var info = await app.GetInfoAsync();
        Assert.Equal(second!.ContainerId, info.Instances.Single(i => i.Name == "web.2").ContainerId);
        Assert.True(Runtime.Running.ContainsKey(second.ContainerId));
        Assert.Empty(info.Crashes);
        Assert.Equal(info.Instances.Select(i => i.Endpoint).Order(), (await RouteOf("died-before-serving"))!.Order());
    }

    [Fact]
    public async Task Reconcile_InstanceExitsInTheMiddleOfAScale_IsRestartedAndNeverStaysRouted()
    {
        var app = await DeployedAppAsync("exit-mid-deploy");
        var first = Assert.Single((await app.GetInfoAsync()).Instances);
        // While web.2 starts (the scale keeps web.1), web.1 dies.
        Runtime.OnStarted = instance =>
        {
            if (instance.Name == "web.2" && Runtime.Running.TryGetValue(instance.ContainerId, out var e) && e.App == "exit-mid-deploy")
            {
                Runtime.Crash(first.ContainerId, 1);
            }

            return Task.CompletedTask;
        };
        try
        {
            Assert.True((await app.ScaleAsync(new Dictionary<string, int> { ["web"] = 2 })).Succeeded);
        }
        finally
        {
            Runtime.OnStarted = null;
        }

        // The exit's event is a hint queued behind the scale; it reconciles right after.
        await app.ReconcileAsync();

        var info = await app.GetInfoAsync();
        Assert.Equal(["web.1", "web.2"], info.Instances.Select(i => i.Name));
        Assert.DoesNotContain(info.Instances, i => i.ContainerId == first.ContainerId);
        Assert.All(info.Instances, i => Assert.True(Runtime.Running.ContainsKey(i.ContainerId)));
        Assert.Equal(info.Instances.Select(i => i.Endpoint).Order(), (await RouteOf("exit-mid-deploy"))!.Order());
    }

    [Fact]
    public async Task Reconcile_ContainerVanishedAndStrayPresent_StartsReplacementAndRemovesStray()
    {
        var app = await DeployedAppAsync("lost-and-stray");
        var before = Assert.Single((await app.GetInfoAsync()).Instances);
        Runtime.Lose(before.ContainerId);
        // A container of the app the grain never committed (a deploy cut off by a node crash).
        var stray = await Runtime.StartAsync(new OrleansPaas.NodeServices.Runtime.ContainerSpec(AppName.Parse("lost-and-stray"), "web", 9, "img", 5000,
            new Dictionary<string, string>(), 1), CancellationToken.None);

        await app.ReconcileAsync();

        var info = await app.GetInfoAsync();
        var replacement = Assert.Single(info.Instances);
        Assert.NotEqual(before.ContainerId, replacement.ContainerId);
        Assert.NotEqual(stray.ContainerId, replacement.ContainerId);
        Assert.False(Runtime.Running.ContainsKey(stray.ContainerId), "the stray is removed");
        // Lost is not a crash: no back-off, no crash report.
        Assert.Empty(info.Crashes);
        Assert.Equal([replacement.Endpoint], await RouteOf("lost-and-stray"));
    }

    [Fact]
    public async Task Reconcile_CrashLoop_BacksOffInsteadOfRestartingAtOnce()
    {
        var app = await DeployedAppAsync("crash-loop");
        Runtime.Crash(Assert.Single((await app.GetInfoAsync()).Instances).ContainerId, 1);
        await app.ReconcileAsync();
        Runtime.Crash(Assert.Single((await app.GetInfoAsync()).Instances).ContainerId, 1);

        await app.ReconcileAsync();

        // The second crash within the crash memory waits a second before the restart.
        var info = await app.GetInfoAsync();
        Assert.Empty(info.Instances);
        var crash = Assert.Single(info.Crashes);
        Assert.Equal((2, true), (crash.Restarts, crash.Restarting));
        Assert.Empty((await RouteOf("crash-loop"))!);
        // The back-off's own timer reconciles again when it ends.
        await Poll.UntilAsync(async () => (await app.GetInfoAsync()).Instances.Count == 1, TimeSpan.FromSeconds(20), "the restart after the back-off");
    }

    [Fact]
    public async Task Rollback_WhoseInstancesNeverAnswer_LeavesConfigReleaseAndInstancesAsTheyWere()
    {
        var app = await DeployedAppAsync("failed-rollback");
        Assert.True((await app.UpdateConfigAsync(new ConfigChange(new Dictionary<string, string> { ["MODE"] = "new" }, [], Restart: true))).Succeeded);
        var before = await app.GetInfoAsync();

        Runtime.FailingStarts["failed-rollback"] = "no answer on port 5000";
        try
        {
            var result = await app.RollbackAsync(1);
            Assert.Equal(AppCommandStatus.Failed, result.Status);
            Assert.Contains("no answer on port 5000", result.Error);
        }
        finally
        {
            Runtime.FailingStarts.TryRemove("failed-rollback", out _);
        }

        var after = await app.GetInfoAsync();
        Assert.Equal("new", (await app.GetConfigAsync())!["MODE"]);
        Assert.Equal(before.CurrentRelease!.Version, after.CurrentRelease!.Version);
        Assert.Equal(before.Instances, after.Instances);
        Assert.Equal(ReleaseStatus.Failed, after.Releases[^1].Status);
        Assert.Equal(before.Instances.Select(i => i.Endpoint), await RouteOf("failed-rollback"));
    }

    [Fact]
    public async Task Scale_WhoseNewInstancesNeverAnswer_KeepsTheFormation()
    {
        var app = await DeployedAppAsync("failed-scale");
        Runtime.FailingStarts["failed-scale"] = "the container exited with code 3";
        try
        {
            Assert.Equal(AppCommandStatus.Failed, (await app.ScaleAsync(new Dictionary<string, int> { ["web"] = 3 })).Status);
        }
        finally
        {
            Runtime.FailingStarts.TryRemove("failed-scale", out _);
        }

        var info = await app.GetInfoAsync();
        Assert.Equal(1, info.Formation["web"]);
        Assert.Single(info.Instances);
        Assert.Single(Runtime.Running.Values, r => r.App == "failed-scale");
    }

    [Fact]
    public async Task ConfigChange_WhoseReleaseNeverAnswers_KeepsTheOldConfig()
    {
        var app = await DeployedAppAsync("failed-config");
        Runtime.FailingStarts["failed-config"] = "no answer";
        try
        {
            var result = await app.UpdateConfigAsync(new ConfigChange(new Dictionary<string, string> { ["BROKEN"] = "1" }, [], Restart: true));
            Assert.Equal(AppCommandStatus.Failed, result.Status);
        }
        finally
        {
            Runtime.FailingStarts.TryRemove("failed-config", out _);
        }

        Assert.Empty((await app.GetConfigAsync())!);
        Assert.Equal(1, (await app.GetInfoAsync()).CurrentRelease!.Version);
    }

    [Fact]
    public async Task Destroy_DuringAPush_AbandonsTheBuild_NothingOfTheAppIsLeft()
    {
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>("destroy-during-push");
        var commit = Guid.NewGuid().ToString("N") + "00000000";
        await app.EnqueueBuildAsync(new BuildSource(commit, null, "refs/heads/main"));
        await Poll.UntilAsync(() => Task.FromResult(ClusterFixture.Builder.Started.Contains(commit)), TimeSpan.FromSeconds(20), "the build to start");

        var destroy = await app.DestroyAsync();

        Assert.True(destroy.Succeeded, destroy.Error);
        // The build would have succeeded: it must not deploy into the destroyed app, or create it again.
        ClusterFixture.Builder.Finish(commit);
        Assert.False((await app.GetInfoAsync()).Exists);
        Assert.DoesNotContain(Runtime.Running.Values, r => r.App == "destroy-during-push");
        Assert.Null(await RouteOf("destroy-during-push"));
    }

    [Fact]
    public async Task AbandonBuild_WhileBuilding_StopsIt_NothingIsReleased_AFinishedBuildCannotBeAbandoned()
    {
        var app = await DeployedAppAsync("abandoned-push");
        var commit = Guid.NewGuid().ToString("N") + "00000000";
        var ticket = await app.EnqueueBuildAsync(new BuildSource(commit, null, "refs/heads/main"));
        await Poll.UntilAsync(() => Task.FromResult(ClusterFixture.Builder.Started.Contains(commit)), TimeSpan.FromSeconds(20), "the build to start");

        Assert.True(await app.AbandonBuildAsync(ticket.BuildId));

        Assert.Equal(BuildOutcome.Failed, await DeployedApps.OutcomeAsync(app, ticket.BuildId));
        var log = await app.ReadBuildLogAsync(ticket.BuildId, 0, TimeSpan.Zero);
        Assert.Contains(log.Lines, l => l.Contains("push was interrupted"));
        var info = await app.GetInfoAsync();
        Assert.Equal(1, info.CurrentRelease!.Version);
        Assert.Equal(0, info.QueuedBuilds);
        Assert.False(await app.AbandonBuildAsync(ticket.BuildId));
    }

    [Fact]
    public async Task ReconcilerPass_ContainersOfAnAppThatNoLongerExists_AreRemoved()
    {
        // Left on a node that was away while the app was destroyed: no app grain claims it.
        var orphan = await Runtime.StartAsync(new OrleansPaas.NodeServices.Runtime.ContainerSpec(AppName.Parse("long-gone"), "web", 3, "img", 5000,
            new Dictionary<string, string>(), 1), CancellationToken.None);

        // A whole pass, awaited: a pass left running would reach into the tests after this one.
        await Cluster.GrainFactory.GetGrain<OrleansPaas.Supervision.IReconcilerGrain>(0).PassAsync();

        Assert.False(Runtime.Running.ContainsKey(orphan.ContainerId), "the orphan is removed");
        Assert.Contains("long-gone", ClusterFixture.Images.RemovedImagesOf);
    }

    [Fact]
    public async Task ReconcilerPass_AppMissingFromTheRegistry_KeepsItsContainersAndIsRegisteredAgain()
    {
        var name = "unlisted-" + Guid.NewGuid().ToString("N")[..8];
        var app = await DeployedAppAsync(name);
        var instance = (await app.GetInfoAsync()).Instances.Single();
        // As after a registry write that failed, or a registry read back from an older state.
        var registry = Cluster.GrainFactory.GetGrain<IAppRegistryGrain>(0);
        await registry.UnregisterAsync(name);

        await Cluster.GrainFactory.GetGrain<OrleansPaas.Supervision.IReconcilerGrain>(0).PassAsync();

        Assert.True(Runtime.Running.ContainsKey(instance.ContainerId), "the app's instance still runs");
        Assert.DoesNotContain(name, ClusterFixture.Images.RemovedImagesOf);
        Assert.Contains(name, await registry.ListAsync());
    }

    [Fact]
    public async Task Reconcile_AfterAScaleDown_CompletesTheDuePrune()
    {
        var name = "prune-after-scale-" + Guid.NewGuid().ToString("N")[..8];
        var app = await DeployedAppAsync(name);
        Assert.True((await app.ScaleAsync(new Dictionary<string, int> { ["web"] = 2 })).Succeeded);
        // Behind the scale's own prune: from here on no prune of this app is due.
        await app.ReconcileAsync();
        Assert.True((await app.ScaleAsync(new Dictionary<string, int> { ["web"] = 1 })).Succeeded);
        var prunes = PrunesOf(name);

        // The surplus instance retired before the scale returned: nothing holds the prune up any more.
        await app.ReconcileAsync();

        Assert.True(PrunesOf(name) > prunes, "the pass after the scale down prunes the app's old images");
    }

    private Task<IAppGrain> DeployedAppAsync(string name) => DeployedApps.DeployAsync(Cluster, name);

    private static int PrunesOf(string app) =>
        ClusterFixture.Images.Prunes.Count(keep => keep.Any(image => image.StartsWith($"paas/{app}:", StringComparison.Ordinal)));

    private async Task<IReadOnlyList<string>?> RouteOf(string app)
    {
        var snapshot = await Cluster.GrainFactory.GetGrain<IRouteTableGrain>(0).WaitForChangeAsync("test", -1, TimeSpan.Zero);
        return snapshot.Routes.FirstOrDefault(r => r.App == app)?.Endpoints;
    }
}
