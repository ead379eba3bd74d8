using OrleansPaas.Gateway.Routing;
using OrleansPaas.Gateway.Sleep;
using OrleansPaas.Routing;
using OrleansPaas.Sleep;

namespace OrleansPaas.Tests.Sleep;

public sealed class GatewaySleepTests
{
    [Fact]
    public void Routes_SleepingApp_HasNoDestinationsAndIsNotUnavailable_CountersSurviveANewSnapshot()
    {
        var activities = new AppActivities();
        var first = new GatewayRoutes(new RouteSnapshot(1,
        [
            new RouteEntry("nap", ["nap.test"], ["127.0.0.1:1"], Sleeping: true, SleepAfter: TimeSpan.FromMinutes(5)),
            new RouteEntry("busy", ["busy.test"], ["127.0.0.1:2"]),
            new RouteEntry("off", ["off.test"], [], Stopped: true, Sleeping: true, SleepAfter: TimeSpan.FromMinutes(5)),
        ]), "n1", activities: activities);

        Assert.True(first.TryGet("nap.test", out var nap));
        Assert.True(nap.Sleeping);
        Assert.Null(nap.Unavailable);
        Assert.Equal(0, nap.Count);
        // A stopped app is stopped, whatever its sleep state says.
        Assert.True(first.TryGet("off.test", out var off));
        Assert.False(off.Sleeping);
        Assert.Equal("stopped", off.Unavailable);
        Assert.Equal(["nap", "off"], first.MaySleep.Select(r => r.App).Order());

        nap.Activity.Begin();
        var second = new GatewayRoutes(new RouteSnapshot(2,
            [new RouteEntry("nap", ["nap.test"], ["127.0.0.1:1"], SleepAfter: TimeSpan.FromMinutes(5))]), "n1", activities: activities);
        var awake = second.ForApp("nap")!;
        Assert.False(awake.Sleeping);
        Assert.Same(nap.Activity, awake.Activity);
        Assert.Equal((1L, 1), (awake.Activity.Requests, awake.Activity.Open));
        awake.Activity.End(404, TimeSpan.FromMilliseconds(1));
        Assert.Equal((0, 1L, 0L), (awake.Activity.Open, awake.Activity.Answered(4), awake.Activity.Answered(2)));
    }

    [Fact]
    public void PendingWake_HoldsUpToItsLimit_CountsEveryHeldRequest_ReportsTheFirstAnswerOnce()
    {
        var wake = new PendingWake(Task.FromResult(WakeResult.Up(1)));

        Assert.True(wake.TryHold(2));
        Assert.True(wake.TryHold(2));
        Assert.False(wake.TryHold(2));
        wake.Release();
        Assert.True(wake.TryHold(2));
        Assert.Equal(3, wake.Held);
        Assert.NotNull(wake.FirstAnswer());
        Assert.Null(wake.FirstAnswer());
    }
}
