using OrleansPaas.Grains.Deploy;
using OrleansPaas.Services;

namespace OrleansPaas.Tests.Deploy;

/// <summary>A linked app's instances go to its services' node, which alone has their network.</summary>
public sealed class ServicePlacementTests
{
    private static readonly string[] Live = ["a", "b", "c"];

    [Fact]
    public void For_AppLinkedToNone_PlacesAsUsual()
    {
        var services = new[] { Entry("db", "a", "other") };

        Assert.Null(ServicePlacement.For("blog", services, Live));
    }

    [Fact]
    public void For_ServiceOnALiveNode_PlacesBesideIt()
    {
        var side = ServicePlacement.For("blog", [Entry("db", "b", "blog", "shop"), Entry("cache", "c", "shop")], Live);

        Assert.Equal("b", side!.Node);
        Assert.Equal("beside the linked service(s) db on node b", side.Reason);
    }

    [Fact]
    public void For_ServicesOnTwoNodes_TheNodeWithMostOfThem_NamesTheOneOutOfReach()
    {
        var side = ServicePlacement.For("blog", [Entry("db", "c", "blog"), Entry("cache", "c", "blog"), Entry("search", "a", "blog")], Live);

        Assert.Equal("c", side!.Node);
        Assert.Contains("cache, db on node c", side.Reason);
        Assert.Contains("search (node a) cannot be reached from there", side.Reason);
    }

    [Fact]
    public void For_ServicesOnTwoNodesEqually_TheFirstNodeByName()
    {
        var side = ServicePlacement.For("blog", [Entry("db", "c", "blog"), Entry("cache", "b", "blog")], Live);

        Assert.Equal("b", side!.Node);
    }

    [Fact]
    public void For_ServiceNodeNotAvailable_NoNode_SaysTheInstancesCannotReachIt()
    {
        var side = ServicePlacement.For("blog", [Entry("db", "gone", "blog")], Live);

        Assert.Null(side!.Node);
        Assert.Contains("db run on node gone, which is not available", side.Reason);
        Assert.Contains("services:restore", side.Reason);
    }

    private static ServiceEntry Entry(string name, string node, params string[] apps) => new(name, ServiceKind.Postgres, node, apps);
}
