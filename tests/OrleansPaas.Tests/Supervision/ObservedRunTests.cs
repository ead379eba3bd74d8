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
    public void WithDeaths_ContainerStillListedRunning_CountsAsExitedWithTheReportedCode_OthersAsListed()
    {
        var exited = Container("b", "n1") with { Running = false, ExitCode = 1 };
        var observed = new ObservedRun(["n1"], new Dictionary<string, IReadOnlyList<NodeInstance>> { ["n1"] = [Container("a", "n1"), exited, Container("c", "n1")] });

        var corrected = observed.WithDeaths([new InstanceDeath("a", 137), new InstanceDeath("b", 137), new InstanceDeath("gone", 137)]);

        // The die event wins over a list made just after it; a list that already saw the exit keeps its code.
        (string, bool, long?)[] expected = [("a", false, 137), ("b", false, 1), ("c", true, null)];
        Assert.Equal(expected, corrected.ByNode["n1"].Select(c => (c.Instance.ContainerId, c.Running, c.ExitCode)));
        Assert.True(observed.ByNode["n1"][0].Running, "the look itself is left as it was");
    }

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
