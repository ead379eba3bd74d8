using Microsoft.AspNetCore.Http;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Routing;

namespace OrleansPaas.Tests.Routing;

public sealed class PendingForwardsTests
{
    private const string Dead = "http://172.18.0.2:5000/";

    private static GatewayRoutes RoutesWith(params string[] endpoints) =>
        new(new RouteSnapshot(2, [new RouteEntry("blog", ["blog.paas.test"], endpoints.ToList())]), "n1");

    private static DefaultHttpContext Get() => new() { Request = { Method = "GET" } };

    [Fact]
    public void DropGone_AGetWaitingOnADroppedInstance_IsCutOffWhenAnotherInstanceServes()
    {
        var pending = new PendingForwards();
        using var forward = pending.Track(Get(), "blog", Dead);

        pending.DropGone(RoutesWith("172.18.0.3:5000"));

        Assert.True(forward.Dropped);
    }

    [Fact]
    public void DropGone_AForwardStillRouted_IsLeftAlone()
    {
        var pending = new PendingForwards();
        using var forward = pending.Track(Get(), "blog", "http://172.18.0.3:5000/");

        pending.DropGone(RoutesWith("172.18.0.3:5000"));

        Assert.False(forward.Dropped);
    }

    [Fact]
    public void DropGone_AForwardWhoseRequestEndedMeanwhile_IsSkippedWithoutThrowing()
    {
        // The route watcher saw the forward, then the request ended and its context was recycled.
        var pending = new PendingForwards();
        var context = Get();
        using var forward = pending.Track(context, "blog", Dead);
        context.Uninitialize();

        var drop = () => pending.DropGone(RoutesWith("172.18.0.3:5000"));

        Assert.Null(Record.Exception(drop));
        Assert.False(forward.Dropped);
    }

    [Fact]
    public void DropDead_ThenTrack_TheDeadInstanceIsGivenUpAtOnce_UntilTheNextSnapshot()
    {
        var pending = new PendingForwards();
        pending.DropDead(Dead);

        using (var forward = pending.Track(Get(), "blog", Dead))
        {
            Assert.True(forward.Dropped);
        }

        // A new snapshot says what is routed now (a new container may be given the same address).
        pending.DropGone(RoutesWith("172.18.0.2:5000"));
        using var again = pending.Track(Get(), "blog", Dead);
        Assert.False(again.Dropped);
    }
}
