using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Nodes;

namespace OrleansPaas.Tests.Supervision;

/// <summary>
/// A node that left the live set may only be cut off (it fences its own workers after T/2 without
/// contact): its non-web instances are re-placed only once T has passed since this node first saw
/// it gone; its web instances at once, as before.
/// </summary>
public sealed class PartitionHoldTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static readonly ReleaseRecord Release = new(3, "app:v3", "abc", 5000, Now, ReleaseStatus.Deployed, "Deploy", new Dictionary<string, string>(),
        new Dictionary<string, string> { ["web"] = "", ["worker"] = "run" }, ReleaseKind.Image, [], new Dictionary<string, int>());

    private static readonly InstanceInfo Web = new("w1", "web", 3, "10.0.0.1", 20000, 1, "b");
    private static readonly InstanceInfo Worker = new("k1", "worker", 3, "10.0.0.1", 0, 1, "b");

    private static DesiredRun Desired() =>
        new(Release, new Dictionary<string, int> { ["web"] = 1, ["worker"] = 1 }, false, false, [Web, Worker], [], [],
            new Dictionary<string, CrashInfo>()) { PartitionBound = Bound };

    private static ObservedRun BGone(DateTimeOffset? goneSince) =>
        new(["a", "c"], new Dictionary<string, IReadOnlyList<NodeInstance>> { ["a"] = [], ["c"] = [] })
        {
            GoneSince = goneSince is { } since ? new Dictionary<string, DateTimeOffset> { ["b"] = since } : new Dictionary<string, DateTimeOffset>(),
        };

    [Fact]
    public void Plan_WorkerOfANodeGoneLessThanTheBound_IsHeldNotReplaced_WebIsReplacedAtOnce()
    {
        var plan = AppReconciler.Plan(Desired(), BGone(Now - TimeSpan.FromSeconds(10)), Now);

        Assert.Equal([Web], plan.Lost);
        Assert.Equal([new InstanceSlot("web", 1)], plan.Due);
        Assert.Equal([Worker], plan.Held);
        // Looked at again when the bound ends, not at some later pass.
        Assert.Equal(Now + TimeSpan.FromSeconds(20), plan.NextAttempt);
        Assert.Equal([Worker], plan.Remaining([Web, Worker]));
    }

    [Fact]
    public void Plan_WorkerOfANodeGoneForTheBound_IsLostAndReplaced()
    {
        var plan = AppReconciler.Plan(Desired(), BGone(Now - Bound), Now);

        Assert.Equal([Web, Worker], plan.Lost);
        Assert.Equal([new InstanceSlot("web", 1), new InstanceSlot("worker", 1)], plan.Due);
        Assert.Empty(plan.Held);
        Assert.Null(plan.NextAttempt);
    }

    [Fact]
    public void Plan_NodeGoneButNotYetNoted_StartsTheClockNow()
    {
        var plan = AppReconciler.Plan(Desired(), BGone(null), Now);

        Assert.Equal([Worker], plan.Held);
        Assert.Equal(Now + Bound, plan.NextAttempt);
    }

    [Fact]
    public void Plan_HeldWorker_IsNotACorrectionButAsksForALook()
    {
        var desired = Desired() with { Instances = [Worker], Formation = new Dictionary<string, int> { ["web"] = 0, ["worker"] = 1 } };

        var plan = AppReconciler.Plan(desired, BGone(Now - TimeSpan.FromSeconds(1)), Now);

        Assert.True(plan.IsEmpty);
        Assert.True(plan.NeedsLook);
    }

    [Fact]
    public void Plan_NoBound_ReplacesEveryInstanceAtOnceAsBefore()
    {
        var plan = AppReconciler.Plan(Desired() with { PartitionBound = TimeSpan.Zero }, BGone(Now), Now);

        Assert.Equal([Web, Worker], plan.Lost);
        Assert.Empty(plan.Held);
    }

    [Fact]
    public void Plan_NewActivationThatNeverListedADepartedNode_HoldsItsMissingWorkerSlots_NotItsWebSlots()
    {
        // The app's grain was on the node that left: the new activation knows nothing of what ran there.
        var desired = Desired() with { Instances = [] };
        var observed = BGone(Now - TimeSpan.FromSeconds(3)) with { Unseen = ["b"] };

        var plan = AppReconciler.Plan(desired, observed, Now);

        Assert.Equal([new InstanceSlot("web", 1)], plan.Due);
        Assert.Equal([new InstanceSlot("worker", 1)], plan.HeldSlots);
        Assert.Equal(Now - TimeSpan.FromSeconds(3) + Bound, plan.NextAttempt);
        Assert.True(plan.NeedsLook);
    }

    [Fact]
    public void Plan_DepartedNodeThatThisActivationListed_DoesNotHoldMissingSlots()
    {
        var plan = AppReconciler.Plan(Desired() with { Instances = [] }, BGone(Now - TimeSpan.FromSeconds(3)), Now);

        Assert.Equal([new InstanceSlot("web", 1), new InstanceSlot("worker", 1)], plan.Due);
        Assert.Empty(plan.HeldSlots);
    }
}
