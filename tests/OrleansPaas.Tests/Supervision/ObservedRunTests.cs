using OrleansPaas.Apps;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Nodes;
using OrleansPaas.Supervision;

namespace OrleansPaas.Tests.Supervision;

/// <summary>A reconciliation pass's shared list as one app's hint, without Orleans.</summary>
public sealed class ObservedRunTests
{
    private static NodeInstance Container(string id, string node) => new("blog", new InstanceInfo(id, "web", 1, "10.0.0.1", 20000, 1, node), true, null);

    [Fact]
    public void Hint_KeepsNodesStillLiveThatAnswered_EachWithItsOwnContainers()
    {
        var observation = new AppObservation(["n1", "n2", "gone"], [Container("a", "n1"), Container("b", "n2"), Container("c", "gone")]);

        var hint = ObservedRun.Hint(["n1", "n2", "n3"], observation);

        Assert.Equal(["n1", "n2", "n3"], hint.Live);
        Assert.Equal(["n1", "n2"], hint.ByNode.Keys.Order());
        Assert.Equal("a", Assert.Single(hint.ByNode["n1"]).Instance.ContainerId);
        Assert.Equal("b", Assert.Single(hint.ByNode["n2"]).Instance.ContainerId);
        // n3 did not answer the pass: nothing is known about it, not "nothing runs there".
        Assert.False(hint.Answered("n3"));
    }
}
