using OrleansPaas.Grains.Routing;

namespace OrleansPaas.Tests.Routing;

public sealed class RoutePropagationTests
{
    private static readonly DateTime Commit = new(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Reported_EveryLiveGatewayApplied_GivesFastestAndSlowestOnce()
    {
        var propagation = new RoutePropagation();
        propagation.Committed(7, Commit);
        string[] gateways = ["a", "b", "c"];

        Assert.Null(propagation.Reported("a", 7, Commit.AddMilliseconds(3), gateways));
        Assert.Null(propagation.Reported("b", 6, Commit.AddMilliseconds(4), gateways)); // still on the old version
        Assert.Null(propagation.Reported("b", 7, Commit.AddMilliseconds(9), gateways));
        var result = propagation.Reported("c", 8, Commit.AddMilliseconds(12), gateways);

        Assert.Equal(new RoutePropagationResult(7, 3, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(12), "c"), result);
        Assert.Null(propagation.Reported("a", 7, Commit.AddMilliseconds(20), gateways));
    }

    [Fact]
    public void Reported_NewerCommitBeforeAllApplied_FollowsOnlyTheNewest()
    {
        var propagation = new RoutePropagation();
        propagation.Committed(1, Commit);
        Assert.Null(propagation.Reported("a", 1, Commit.AddMilliseconds(1), ["a", "b"]));
        propagation.Committed(2, Commit.AddMilliseconds(5));

        Assert.Null(propagation.Reported("b", 1, Commit.AddMilliseconds(6), ["a", "b"]));
        Assert.Null(propagation.Reported("a", 2, Commit.AddMilliseconds(7), ["a", "b"]));
        Assert.Equal(2, propagation.Reported("b", 2, Commit.AddMilliseconds(8), ["a", "b"])!.Version);
    }

    [Fact]
    public void Reported_GatewayNotWaitedFor_IsIgnored()
    {
        var propagation = new RoutePropagation();
        propagation.Committed(3, Commit);

        Assert.Null(propagation.Reported("gone", 3, Commit.AddMilliseconds(1), ["a"]));
        Assert.Equal(1, propagation.Reported("a", 3, Commit.AddMilliseconds(2), ["a"])!.Gateways);
    }
}
