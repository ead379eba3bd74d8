using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Nodes;
using OrleansPaas.Supervision;

namespace OrleansPaas.Tests.Supervision;

/// <summary>Desired × observed → corrections, without Orleans or Docker.</summary>
public sealed class AppReconcilerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly ReleaseRecord Release = new(3, "app:v3", "abc", 5000, Now, ReleaseStatus.Deployed, "Deploy", new Dictionary<string, string>(),
        new Dictionary<string, string> { ["web"] = "", ["worker"] = "run" }, ReleaseKind.Image, [], new Dictionary<string, int>());

    private static InstanceInfo Instance(string id, string node, string process = "web", int index = 1, int release = 3) =>
        new(id, process, release, "10.0.0.1", 20000, index, node);

    private static DesiredRun Desired(IReadOnlyList<InstanceInfo> instances, IReadOnlyDictionary<string, int>? formation = null,
        IReadOnlyDictionary<string, CrashInfo>? crashes = null, bool stopped = false, bool sleeping = false,
        IReadOnlyList<InstanceInfo>? parked = null, IReadOnlyCollection<string>? retiring = null) =>
        new(Release, formation ?? new Dictionary<string, int> { ["web"] = 1 }, stopped, sleeping, instances, parked ?? [], retiring ?? [],
            crashes ?? new Dictionary<string, CrashInfo>());

    private static ObservedRun Observed(IReadOnlyCollection<string> live, params (string Node, InstanceInfo Instance, bool Running, long? Exit)[] seen) =>
        new(live, live.ToDictionary(node => node,
            node => (IReadOnlyList<NodeInstance>)seen.Where(s => s.Node == node).Select(s => new NodeInstance("blog", s.Instance, s.Running, s.Exit)).ToList()));

    [Fact]
    public void Plan_EverythingRunsAsDesired_IsEmpty()
    {
        var web = Instance("c1", "a");

        var plan = AppReconciler.Plan(Desired([web]), Observed(["a", "b"], ("a", web, true, null)), Now);

        Assert.True(plan.IsEmpty);
        Assert.Null(plan.NextAttempt);
    }

    [Fact]
    public void Plan_InstanceExited_IsACrashAndItsSlotRestartsAtOnce()
    {
        var web = Instance("c1", "a");

        var plan = AppReconciler.Plan(Desired([web]), Observed(["a"], ("a", web, false, 137)), Now);

        var exit = Assert.Single(plan.Exited);
        Assert.Equal((137L, 1, true), (exit.ExitCode, exit.Crash.Restarts, exit.Crash.Restarting));
        Assert.Equal([new InstanceSlot("web", 1)], plan.Due);
        Assert.Empty(plan.Remaining([web]));
    }

    [Fact]
    public void Plan_SecondCrashInARow_WaitsOutItsBackoff()
    {
        var web = Instance("c1", "a");
        var earlier = new CrashInfo("web.1", 2, 1, [], Now.AddSeconds(-1), Restarting: false);

        var plan = AppReconciler.Plan(Desired([web], crashes: new Dictionary<string, CrashInfo> { ["web.1"] = earlier }),
            Observed(["a"], ("a", web, false, 1)), Now);

        Assert.Equal(3, Assert.Single(plan.Exited).Crash.Restarts);
        Assert.Empty(plan.Due);
        Assert.Equal(Now.AddSeconds(2), plan.NextAttempt);
    }

    [Fact]
    public void Plan_NodeLeftTheCluster_InstanceIsLostAndStartsElsewhere()
    {
        var web = Instance("c1", "gone");

        var plan = AppReconciler.Plan(Desired([web]), Observed(["a"]), Now);

        Assert.Equal([web], plan.Lost);
        Assert.Equal([new InstanceSlot("web", 1)], plan.Due);
    }

    [Fact]
    public void Plan_LiveNodeDidNotAnswer_DecidesNothingAboutItsInstances()
    {
        var web = Instance("c1", "a");
        var observed = new ObservedRun(["a"], new Dictionary<string, IReadOnlyList<NodeInstance>>());

        var plan = AppReconciler.Plan(Desired([web]), observed, Now);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_LiveNodeDidNotAnswer_AnInstanceReportedDeadThereIsACrash_NotKeptInTheRoutes()
    {
        var died = Instance("c1", "a");
        var other = Instance("c2", "a", index: 2);
        var formation = new Dictionary<string, int> { ["web"] = 2 };
        // The die event took c1 out of the routes; the look after it got no answer from node a.
        var observed = new ObservedRun(["a", "b"], new Dictionary<string, IReadOnlyList<NodeInstance>> { ["b"] = [] })
            .WithDeaths([new InstanceDeath("c1", 137)]);

        var plan = AppReconciler.Plan(Desired([died, other], formation), observed, Now);

        var exit = Assert.Single(plan.Exited);
        Assert.Equal(("c1", 137L), (exit.Instance.ContainerId, exit.ExitCode));
        Assert.Equal([other], plan.Remaining([died, other]));
        Assert.Equal([new InstanceSlot("web", 1)], plan.Due);
        Assert.Empty(plan.Lost);
    }

    [Fact]
    public void Plan_ContainersThatAreNotTheApps_AreStraysButParkedAndRetiringOnesAreNot()
    {
        var web = Instance("c1", "a");
        var stray = Instance("c9", "b", index: 9);
        var retiring = Instance("c0", "a");
        var parked = Instance("p1", "b", "worker");

        var plan = AppReconciler.Plan(Desired([web], parked: [parked], retiring: ["c0"]),
            Observed(["a", "b"], ("a", web, true, null), ("a", retiring, true, null), ("b", stray, true, null), ("b", parked, false, 0)), Now);

        Assert.Equal(["b"], plan.Strays.Keys);
        Assert.Equal(["c9"], plan.Strays["b"]);
        Assert.Empty(plan.Due);
    }

    [Fact]
    public void Plan_FormationGrew_StartsTheMissingSlots()
    {
        var web = Instance("c1", "a");

        var plan = AppReconciler.Plan(Desired([web], new Dictionary<string, int> { ["web"] = 2, ["worker"] = 1 }), Observed(["a"], ("a", web, true, null)), Now);

        Assert.Equal([new InstanceSlot("web", 2), new InstanceSlot("worker", 1)], plan.Due.OrderBy(s => s.ToString()));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Plan_StoppedOrAsleep_StartsNothing(bool stopped, bool sleeping)
    {
        var plan = AppReconciler.Plan(Desired([], stopped: stopped, sleeping: sleeping), Observed(["a"]), Now);

        Assert.Empty(plan.Due);
    }

    [Fact]
    public void Plan_NoLiveNode_StartsNothing()
    {
        var plan = AppReconciler.Plan(Desired([]), Observed([]), Now);

        Assert.Empty(plan.Due);
    }

    [Fact]
    public void Plan_NewActivationKnowsNoInstance_AdoptsTheCurrentReleasesContainers_AnotherReleasesIsAStray()
    {
        var web = Instance("c1", "a");
        var worker = Instance("c2", "b", "worker");
        var old = Instance("c0", "a", index: 2, release: 2);

        var plan = AppReconciler.Plan(Desired([], new Dictionary<string, int> { ["web"] = 2, ["worker"] = 1 }),
            Observed(["a", "b"], ("a", web, true, null), ("b", worker, true, null), ("a", old, true, null)), Now);

        Assert.Equal(["c1", "c2"], plan.Adopted.Select(i => i.ContainerId).Order());
        Assert.Equal(["c0"], plan.Strays["a"]);
        Assert.Equal([new InstanceSlot("web", 2)], plan.Due);
    }

    [Fact]
    public void Plan_TwoContainersForOneSlot_AdoptsOne_TheOtherIsAStray()
    {
        var first = Instance("c1", "a");
        var second = Instance("c2", "b");

        var plan = AppReconciler.Plan(Desired([]), Observed(["a", "b"], ("a", first, true, null), ("b", second, true, null)), Now);

        Assert.Equal(["c1"], plan.Adopted.Select(i => i.ContainerId));
        Assert.Equal(["c2"], plan.Strays["b"]);
        Assert.Empty(plan.Due);
    }

    [Fact]
    public void Plan_SleepingApp_AdoptsItsStoppedContainersAsParked_StartsNothing()
    {
        var stopped = Instance("c1", "a");

        var plan = AppReconciler.Plan(Desired([], sleeping: true), Observed(["a"], ("a", stopped, false, 137)), Now);

        Assert.Equal(["c1"], plan.AdoptedParked.Select(i => i.ContainerId));
        Assert.Empty(plan.Adopted);
        Assert.Empty(plan.Strays);
        Assert.Empty(plan.Due);
    }

    [Fact]
    public void Plan_AwakeAppsExitedContainerOfNoInstance_IsNotAdopted_ItIsAStray()
    {
        var exited = Instance("c1", "a");

        var plan = AppReconciler.Plan(Desired([]), Observed(["a"], ("a", exited, false, 1)), Now);

        Assert.Empty(plan.Adopted);
        Assert.Equal(["c1"], plan.Strays["a"]);
        Assert.Equal([new InstanceSlot("web", 1)], plan.Due);
    }

    [Fact]
    public void Plan_Wake_ParkedContainersStartAgainWhereTheyAre_NothingNewIsStarted()
    {
        var web1 = Instance("p1", "a");
        var web2 = Instance("p2", "b", index: 2);

        var plan = AppReconciler.Plan(Desired([], new Dictionary<string, int> { ["web"] = 2 }, parked: [web1, web2]),
            Observed(["a", "b"], ("a", web1, false, 0), ("b", web2, false, 0)), Now);

        Assert.Equal(["p1", "p2"], plan.Resume.Select(i => i.ContainerId));
        Assert.Empty(plan.Due);
        Assert.Empty(plan.Unused);
        Assert.Empty(plan.Strays);
        Assert.False(plan.IsEmpty);
    }

    [Fact]
    public void Plan_Wake_ParkedContainerGoneFromItsEngineOrWithItsNode_ItsSlotStartsAnew()
    {
        var removed = Instance("p1", "a");
        var onLeftNode = Instance("p2", "gone", index: 2);

        var plan = AppReconciler.Plan(Desired([], new Dictionary<string, int> { ["web"] = 2 }, parked: [removed, onLeftNode]),
            Observed(["a"]), Now);

        Assert.Empty(plan.Resume);
        Assert.Equal([new InstanceSlot("web", 1), new InstanceSlot("web", 2)], plan.Due);
        Assert.Equal(["p1", "p2"], plan.Unused.Select(i => i.ContainerId));
    }

    [Fact]
    public void Plan_Wake_NodeThatDidNotList_IsAskedToStartItsParkedContainerAllTheSame()
    {
        var parked = Instance("p1", "a");
        var observed = new ObservedRun(["a"], new Dictionary<string, IReadOnlyList<NodeInstance>>());

        var plan = AppReconciler.Plan(Desired([], parked: [parked]), observed, Now);

        Assert.Equal([parked], plan.Resume);
        Assert.Empty(plan.Due);
    }

    [Fact]
    public void Plan_Wake_ParkedOfAnotherReleaseOrScaledAwayWhileAsleep_AreRemoved_TheSlotStartsAnew()
    {
        var old = Instance("p1", "a", release: 2);
        var worker = Instance("p2", "a", "worker");

        var plan = AppReconciler.Plan(Desired([], parked: [old, worker]), Observed(["a"], ("a", old, false, 0), ("a", worker, false, 0)), Now);

        Assert.Empty(plan.Resume);
        Assert.Equal(["p1", "p2"], plan.Unused.Select(i => i.ContainerId));
        Assert.Equal([new InstanceSlot("web", 1)], plan.Due);
        Assert.Empty(plan.Strays);
    }

    [Fact]
    public void Plan_Wake_SlotBackingOff_ItsParkedContainerWaits_NextAttemptSaysWhen()
    {
        var parked = Instance("p1", "a");
        var crash = new CrashInfo("web.1", 3, 3, [], Now.AddSeconds(-1), Restarting: true);

        var plan = AppReconciler.Plan(Desired([], parked: [parked], crashes: new Dictionary<string, CrashInfo> { ["web.1"] = crash }),
            Observed(["a"], ("a", parked, false, 3)), Now);

        Assert.Empty(plan.Resume);
        Assert.Empty(plan.Unused);
        Assert.Empty(plan.Due);
        Assert.Equal(Now.AddSeconds(1), plan.NextAttempt);
    }

    [Fact]
    public void Plan_Asleep_ParkedContainersStayParked_NothingIsResumed()
    {
        var parked = Instance("p1", "a");

        var plan = AppReconciler.Plan(Desired([], sleeping: true, parked: [parked]), Observed(["a"], ("a", parked, false, 0)), Now);

        Assert.True(plan.IsEmpty);
        Assert.Empty(plan.Resume);
        Assert.Empty(plan.Unused);
    }
}
