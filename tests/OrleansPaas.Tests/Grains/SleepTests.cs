using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Routing;
using OrleansPaas.Sleep;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// The app grain as activator, against the node fake: an idle app parks its containers and its
/// route says so, a wake starts the same containers once however many ask, and changes made while
/// it sleeps leave it asleep with the new release ready.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SleepTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;
    private FakeContainerRuntime Runtime => ClusterFixture.Runtime;

    [Fact]
    public async Task IdleApp_ParksItsContainer_RouteSaysSleeping_ConcurrentWakesResumeTheSameContainerOnce()
    {
        var app = await AsleepAsync("nap-once");
        var parked = Assert.Single(Runtime.Exited.Values, e => e.App == "nap-once").Instance;
        var route = await RouteAsync("nap-once");
        Assert.True(route.Sleeping);
        Assert.Empty(route.Endpoints);

        var wakes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.WakeAsync()));

        Assert.All(wakes, w => Assert.True(w.Awake, w.Problem));
        Assert.Single(wakes.Select(w => w.Wake).Distinct());
        var running = Assert.Single(Runtime.Running.Values, r => r.App == "nap-once").Instance;
        Assert.Equal(parked.ContainerId, running.ContainerId);
        var info = await app.GetInfoAsync();
        Assert.False(info.Sleep!.Sleeping);
        Assert.Equal(1, info.Sleep.Wakes);
        Assert.NotNull(info.Sleep.LastWake!.StartTook);
        route = await RouteAsync("nap-once");
        Assert.False(route.Sleeping);
        Assert.Equal([running.Endpoint], route.Endpoints);
    }

    [Fact]
    public async Task ConfigChange_WhileAsleep_ChecksTheNewRelease_StaysAsleep_TheWakeRunsIt()
    {
        var app = await AsleepAsync("nap-config");
        var oldParked = Assert.Single(Runtime.Exited.Values, e => e.App == "nap-config").Instance;

        var result = await app.UpdateConfigAsync(new ConfigChange(new Dictionary<string, string> { ["GREETING"] = "hi" }, [], Restart: true));

        Assert.True(result.Succeeded, result.Error);
        var info = await app.GetInfoAsync();
        Assert.True(info.Sleep!.Sleeping);
        Assert.Equal("hi", info.CurrentRelease!.Config["GREETING"]);
        Assert.DoesNotContain(Runtime.Running.Values, r => r.App == "nap-config");
        Assert.False(Runtime.Exited.ContainsKey(oldParked.ContainerId), "the old release's parked container is removed");
        var newParked = Assert.Single(Runtime.Exited.Values, e => e.App == "nap-config").Instance;
        Assert.Equal(info.CurrentRelease.Version, newParked.ReleaseVersion);

        Assert.True((await app.WakeAsync()).Awake);
        var running = Assert.Single(Runtime.Running.Values, r => r.App == "nap-config").Instance;
        Assert.Equal(newParked.ContainerId, running.ContainerId);
        Assert.Equal("hi", Runtime.Environments[running.ContainerId]["GREETING"]);
    }

    [Fact]
    public async Task Reconcile_WhileAsleep_KeepsTheParkedContainer_StartsNothing_StopRemovesIt()
    {
        var app = await AsleepAsync("nap-reconcile");
        var parked = Assert.Single(Runtime.Exited.Values, e => e.App == "nap-reconcile").Instance;

        await app.ReconcileAsync();

        Assert.True(Runtime.Exited.ContainsKey(parked.ContainerId));
        Assert.DoesNotContain(Runtime.Running.Values, r => r.App == "nap-reconcile");
        Assert.Empty((await app.GetInfoAsync()).Crashes);

        Assert.True((await app.StopAsync()).Succeeded);
        Assert.False(Runtime.Exited.ContainsKey(parked.ContainerId));
        var info = await app.GetInfoAsync();
        Assert.True(info.Stopped);
        Assert.False(info.Sleep!.Sleeping);
    }

    [Fact]
    public async Task Wake_ParkedContainerLost_StartsANewOne()
    {
        var app = await AsleepAsync("nap-lost");
        var parked = Assert.Single(Runtime.Exited.Values, e => e.App == "nap-lost").Instance;
        Runtime.Exited.TryRemove(parked.ContainerId, out _);

        Assert.True((await app.WakeAsync()).Awake);

        var running = Assert.Single(Runtime.Running.Values, r => r.App == "nap-lost").Instance;
        Assert.NotEqual(parked.ContainerId, running.ContainerId);
    }

    [Fact]
    public async Task Wake_InstanceDoesNotComeUp_FailsWithRetryAfter_CrashCarriesTheReportedExitCode_AppSleepsOn()
    {
        const string name = "nap-crash";
        var app = await AsleepAsync(name);
        var parked = Assert.Single(Runtime.Exited.Values, e => e.App == name).Instance;
        // The text names no code: the crash record must take it from the node's report.
        Runtime.FailingExitCodes[name] = 3;
        Runtime.FailingStarts[name] = "it stopped before answering";
        try
        {
            var wake = await app.WakeAsync();

            Assert.False(wake.Awake);
            Assert.Equal("web.1 did not come up: it stopped before answering", wake.Problem);
            Assert.InRange(wake.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
            var info = await app.GetInfoAsync();
            Assert.True(info.Sleep!.Sleeping);
            Assert.False(info.Sleep.Waking);
            Assert.Equal((1, wake.Problem), (info.Sleep.Wakes, info.Sleep.LastWake!.Failure));
            var crash = Assert.Single(info.Crashes);
            Assert.Equal(("web.1", 3L), (crash.Instance, crash.LastExitCode));
            Assert.True(Runtime.Exited.ContainsKey(parked.ContainerId), "the parked container that did not come up stays, stopped, for the next try");
            Assert.DoesNotContain(Runtime.Running.Values, r => r.App == name);
            Assert.True((await RouteAsync(name)).Sleeping);
        }
        finally
        {
            Runtime.FailingStarts.TryRemove(name, out _);
            Runtime.FailingExitCodes.TryRemove(name, out _);
        }
    }

    [Fact]
    public async Task Wake_RefusedDuringItsBackoff_IsNotKeptAsTheWakeUnderWay_AWakeAfterTheBackoffStartsTheApp()
    {
        const string name = "nap-backoff";
        var app = await AsleepAsync(name);
        Runtime.FailingStarts[name] = "it stopped before answering";
        try
        {
            // Each failed wake lengthens the back-off; a wake during it is refused without starting anything.
            var refused = await Poll.UntilAsync(() => app.WakeAsync(), w => w.Problem?.Contains("next attempt in", StringComparison.Ordinal) == true,
                TimeSpan.FromSeconds(30), "a wake refused during the back-off");
            Assert.False(refused.Awake);
            Assert.False((await app.GetInfoAsync()).Sleep!.Waking);
        }
        finally
        {
            Runtime.FailingStarts.TryRemove(name, out _);
        }

        await Poll.UntilAsync(() => app.WakeAsync(), w => w.Awake, TimeSpan.FromSeconds(30), $"{name} to wake once its back-off ended");
        Assert.Single(Runtime.Running.Values, r => r.App == name);
        Assert.False((await app.GetInfoAsync()).Sleep!.Sleeping);
    }

    /// <summary>A deployed app with a one-second idle time, once it has gone to sleep.</summary>
    private async Task<IAppGrain> AsleepAsync(string name)
    {
        var app = await DeployedApps.DeployAsync(Cluster, name);
        Assert.True((await app.SetSleepAsync(new SleepSettings(new SleepAfterChange(TimeSpan.FromSeconds(1)), null))).Succeeded);
        await Poll.UntilAsync(async () => (await app.GetInfoAsync()).Sleep!.Sleeping && !Runtime.Running.Values.Any(r => r.App == name),
            TimeSpan.FromSeconds(30), $"{name} to fall asleep");
        return app;
    }

    private async Task<RouteEntry> RouteAsync(string app)
    {
        var snapshot = await Cluster.GrainFactory.GetGrain<IRouteTableGrain>(0).WaitForChangeAsync("test", -1, TimeSpan.Zero);
        return snapshot.Routes.Single(r => r.App == app);
    }
}
