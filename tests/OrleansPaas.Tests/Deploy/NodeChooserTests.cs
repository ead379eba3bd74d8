using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Tests.Deploy;

public sealed class NodeChooserTests
{
    private static readonly Dictionary<string, int> NoneOfTheApp = [];

    [Fact]
    public void Choose_ThreeInstancesOnThreeIdleNodes_PutsOneOnEach()
    {
        var chosen = NodeChooser.Choose(NoneOfTheApp, new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 }, 3);

        Assert.Equal(["a", "b", "c"], chosen.Order());
    }

    [Fact]
    public void Choose_AppAlreadyOnANode_PrefersNodesWithoutItEvenIfBusier()
    {
        var chosen = NodeChooser.Choose(new Dictionary<string, int> { ["a"] = 1 }, new Dictionary<string, int> { ["a"] = 0, ["b"] = 5 }, 1);

        Assert.Equal(["b"], chosen);
    }

    [Fact]
    public void Choose_SameCountOfTheApp_PrefersTheLeastLoadedNode()
    {
        var chosen = NodeChooser.Choose(NoneOfTheApp, new Dictionary<string, int> { ["a"] = 7, ["b"] = 2, ["c"] = 4 }, 2);

        Assert.Equal(["b", "c"], chosen);
    }

    [Fact]
    public void Choose_MoreInstancesThanNodes_WrapsAroundEvenly()
    {
        var chosen = NodeChooser.Choose(NoneOfTheApp, new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 }, 5);

        Assert.Equal(3, chosen.Count(n => n == "a"));
        Assert.Equal(2, chosen.Count(n => n == "b"));
    }

    [Fact]
    public void Choose_NoLiveNode_ChoosesNothing()
    {
        Assert.Empty(NodeChooser.Choose(NoneOfTheApp, new Dictionary<string, int>(), 2));
    }
}
