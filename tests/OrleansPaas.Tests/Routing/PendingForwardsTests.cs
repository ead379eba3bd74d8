using Microsoft.AspNetCore.Http;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Routing;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Routing;

public sealed class PendingForwardsTests
{
    private const string Dead = "http://172.18.0.2:5000/";

    private static GatewayRoutes RoutesWith(params string[] endpoints) =>
        new(new RouteSnapshot(2, [new RouteEntry("blog", ["blog.paas.test"], endpoints.ToList())]), "n1");

    private static DefaultHttpContext Get() => new() { Request = { Method = "GET" } };

    [Fact]
    public async Task DropGone_AGetWaitingOnADroppedInstanceThatAcceptsNoConnection_IsCutOff()
    {
        var pending = new PendingForwards();
        using var forward = pending.Track(Get(), "blog", $"http://127.0.0.1:{ClosedPort()}/");

        pending.DropGone(RoutesWith("172.18.0.3:5000"));

        await Poll.UntilAsync(() => Task.FromResult(forward.Dropped), dropped => dropped, TimeSpan.FromSeconds(5), "the forward to be cut off");
    }

    /// <summary>A deploy's retired instance drains: its answer may be on its way, and cutting it off midway resets the client's connection.</summary>
    [Fact]
    public async Task DropGone_AGetWaitingOnADroppedInstanceThatIsAliveAndDraining_IsLeftToFinish()
    {
        using var draining = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        draining.Start();
        var pending = new PendingForwards();
        using var forward = pending.Track(Get(), "blog", $"http://127.0.0.1:{((System.Net.IPEndPoint)draining.LocalEndpoint).Port}/");

        pending.DropGone(RoutesWith("172.18.0.3:5000"));

        // The alive check connected: from here on nothing cuts the forward off.
        using var checkedAlive = await draining.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(forward.Dropped);
    }

    /// <summary>Several requests waiting on one dropped instance: one alive check decides for all of them.</summary>
    [Fact]
    public async Task DropGone_SeveralForwardsOnOneDroppedInstance_OneAliveCheck_AllCutOffWhenItIsGone()
    {
        using var draining = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        draining.Start();
        var pending = new PendingForwards();
        var alive = $"http://127.0.0.1:{((System.Net.IPEndPoint)draining.LocalEndpoint).Port}/";
        var dead = $"http://127.0.0.1:{ClosedPort()}/";
        using var aliveOne = pending.Track(Get(), "blog", alive);
        using var aliveTwo = pending.Track(Get(), "blog", alive);
        using var deadOne = pending.Track(Get(), "blog", dead);
        using var deadTwo = pending.Track(Get(), "blog", dead);

        pending.DropGone(RoutesWith("172.18.0.3:5000"));

        // A loopback connect is queued as it is made: a second check would be waiting behind the first.
        using var checkedAlive = await draining.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(draining.Pending(), "a second alive check of the same instance");
        await Poll.UntilAsync(() => Task.FromResult(deadOne.Dropped && deadTwo.Dropped), both => both, TimeSpan.FromSeconds(5),
            "both forwards to the gone instance to be cut off");
        Assert.False(aliveOne.Dropped || aliveTwo.Dropped);
    }

    private static int ClosedPort()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
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

    private static GatewayRoutes RoutesWithContainers(params (string Endpoint, string Container)[] instances) =>
        new(new RouteSnapshot(3, [new RouteEntry("blog", ["blog.paas.test"], instances.Select(i => i.Endpoint).ToList(),
            Backends: instances.Select(i => new RouteBackend("n1", i.Endpoint, i.Endpoint, i.Container)).ToList())]), "n1");

    [Fact]
    public void DropDead_ASnapshotStillRoutingTheDeadContainer_KeepsItDead_UntilAnotherContainerHasTheAddress()
    {
        // The app's grain may publish the dead container again (its engine listed it running a moment
        // after the death): every request sent there would wait for the connect timeout.
        var pending = new PendingForwards();
        pending.DropDead(Dead, "dead1");

        pending.DropGone(RoutesWithContainers(("172.18.0.3:5000", "live1")));
        pending.DropGone(RoutesWithContainers(("172.18.0.2:5000", "dead1"), ("172.18.0.3:5000", "live1")));
        using (var forward = pending.Track(Get(), "blog", Dead, "dead1"))
        {
            Assert.True(forward.Dropped);
        }

        // The replacement is given the same address: it is served.
        pending.DropGone(RoutesWithContainers(("172.18.0.2:5000", "new1"), ("172.18.0.3:5000", "live1")));
        using var replacement = pending.Track(Get(), "blog", Dead, "new1");
        Assert.False(replacement.Dropped);
    }

    [Fact]
    public void DropDead_AnotherAppsNewContainerAtTheSameAddress_IsNotCutOff()
    {
        // The engine gave the dead container's address to another app's new instance while the dead
        // one's app still lists it: only the dead container is given up.
        var pending = new PendingForwards();
        using var other = pending.Track(Get(), "shop", Dead, "shop1");

        pending.DropDead(Dead, "dead1");

        Assert.False(other.Dropped);
        using var again = pending.Track(Get(), "shop", Dead, "shop1");
        Assert.False(again.Dropped);
    }

    [Fact]
    public void DropDead_TheContainerStartsAgain_IsServedAgain()
    {
        // A sleeping app's parked container wakes with the same id.
        var pending = new PendingForwards();
        pending.DropDead(Dead, "dead1");

        pending.Unreachable.Started("dead1");

        using var forward = pending.Track(Get(), "blog", Dead, "dead1");
        Assert.False(forward.Dropped);
    }
}
