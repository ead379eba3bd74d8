using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Tests.Build;

public sealed class RebuildPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static ReleaseRecord Release(int version, string commit = "abc123") => new(version, $"paas/blog:v{version}", commit, 5000, Now,
        ReleaseStatus.Deployed, "push", new Dictionary<string, string>(), new Dictionary<string, string>(), ReleaseKind.Image, [], new Dictionary<string, int>());

    private static BuildRecord Build(int id, string node, int? release = null, int? rebuildOf = null, BuildOutcome outcome = BuildOutcome.Succeeded, DateTimeOffset? finished = null) =>
        new(id, "abc123", null, "dockerfile", Now.AddMinutes(-30), finished ?? Now.AddMinutes(-29), outcome, release, node, rebuildOf);

    [Fact]
    public void Decide_NothingInTheWay_Queues() =>
        Assert.Equal(RebuildVerdict.Queue, RebuildPolicy.Decide(Release(3), [Build(1, "a", release: 3)], stopped: false, buildsInFlight: 0, Now));

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public void Decide_StoppedOrAnotherBuildUnderWay_NotNow(bool stopped, int inFlight) =>
        Assert.Equal(RebuildVerdict.NotNow, RebuildPolicy.Decide(Release(3), [], stopped, inFlight, Now));

    [Fact]
    public void Decide_AFailedRebuildOfThatRelease_WaitsFiveMinutesThenQueues()
    {
        var failed = Build(2, "a", rebuildOf: 3, outcome: BuildOutcome.Failed, finished: Now.AddMinutes(-4));

        Assert.Equal(RebuildVerdict.NotNow, RebuildPolicy.Decide(Release(3), [failed], false, 0, Now));
        Assert.Equal(RebuildVerdict.Queue, RebuildPolicy.Decide(Release(3), [failed], false, 0, Now.AddMinutes(1.5)));
        // A failed rebuild of another release does not hold this one back.
        Assert.Equal(RebuildVerdict.Queue, RebuildPolicy.Decide(Release(4), [failed], false, 0, Now));
    }

    [Fact]
    public void Decide_AReleaseDeployedFromAnImage_CannotBeRebuilt() =>
        Assert.Equal(RebuildVerdict.Impossible, RebuildPolicy.Decide(Release(3, commit: ""), [], false, 0, Now));

    [Fact]
    public void Node_TheLiveNodeThatBuiltTheRelease_ElseThisOne()
    {
        var builds = new[] { Build(1, "b", release: 3), Build(2, "c", release: 4) };

        Assert.Equal("b", RebuildPolicy.Node(Release(3), builds, ["a", "b"], "a"));
        Assert.Equal("a", RebuildPolicy.Node(Release(4), builds, ["a", "b"], "a"));
        Assert.Equal("a", RebuildPolicy.Node(Release(5), builds, ["a", "b"], "a"));
    }
}
