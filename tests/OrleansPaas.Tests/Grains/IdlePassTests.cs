using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Routing;
using OrleansPaas.Sleep;
using OrleansPaas.Supervision;

namespace OrleansPaas.Tests.Grains;

/// <summary>What a reconciliation pass costs when nothing changed, and what a failed save leaves behind.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdlePassTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;
    private FakeContainerRuntime Runtime => ClusterFixture.Runtime;
    private CountingGrainStorage Storage => ClusterFixture.Storage!;
    private IReconcilerGrain Reconciler => Cluster.GrainFactory.GetGrain<IReconcilerGrain>(0);

    [Fact]
    public async Task Pass_TwentyIdleApps_WritesNothing_PublishesNothing_ListsEachNodeOnce()
    {
        var names = Enumerable.Range(1, 20).Select(i => $"idle-pass-{i}").ToList();
        var apps = new List<IAppGrain>();
        foreach (var name in names)
        {
            apps.Add(await DeployedApps.DeployAsync(Cluster, name));
        }

        // The first pass after the deploys may still prune and publish once per app; from then on nothing changes.
        await Reconciler.PassAsync();
        var appWrites = apps.Sum(app => Storage.Writes(app.GetGrainId()));
        var routeWrites = Storage.Writes(Cluster.GrainFactory.GetGrain<IRouteTableGrain>(0).GetGrainId());
        var listsOfEvery = Runtime.ListsOfEveryApp;
        var listsOfOne = names.Sum(Runtime.ListsOf);

        for (var pass = 0; pass < 3; pass++)
        {
            await Reconciler.PassAsync();
        }

        Assert.Equal(appWrites, apps.Sum(app => Storage.Writes(app.GetGrainId())));
        Assert.Equal(routeWrites, Storage.Writes(Cluster.GrainFactory.GetGrain<IRouteTableGrain>(0).GetGrainId()));
        // One node in this cluster: one list of every app's containers per pass, none per app.
        Assert.Equal(listsOfEvery + 3, Runtime.ListsOfEveryApp);
        Assert.Equal(listsOfOne, names.Sum(Runtime.ListsOf));
    }

    [Fact]
    public async Task Pass_AnInstanceCrashed_IsSeenByTheSharedListAndRestarted()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "idle-pass-crash");
        var before = Assert.Single((await app.GetInfoAsync()).Instances);

        Runtime.Crash(before.ContainerId, 3);
        await Reconciler.PassAsync();

        var after = Assert.Single((await app.GetInfoAsync()).Instances);
        Assert.NotEqual(before.ContainerId, after.ContainerId);
        Assert.Equal(3, Assert.Single((await app.GetInfoAsync()).Crashes).LastExitCode);
    }

    [Fact]
    public async Task Command_FailsAtItsSave_LeavesMemoryAsStored_AndTheNextPassWritesNothing()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "failed-save");
        await Reconciler.PassAsync();
        var writes = Storage.Writes(app.GetGrainId());

        Storage.FailNextWrite(app.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => app.SetSleepAsync(new SleepSettings(new SleepAfterChange(TimeSpan.FromHours(2)), SleepPage: true)));

        var inMemory = (await app.GetInfoAsync()).Sleep!;
        Assert.False(inMemory.SleepPage);
        Assert.True(inMemory.SleepAfterIsDefault);
        var stored = await Storage.ReadAppStateAsync(app.GetGrainId());
        Assert.Null(stored.SleepAfter);
        Assert.False(stored.SleepPage);

        await Reconciler.PassAsync();
        Assert.Equal(writes, Storage.Writes(app.GetGrainId()));
        Assert.False((await Storage.ReadAppStateAsync(app.GetGrainId())).SleepPage);
    }
}
