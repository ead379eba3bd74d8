using OrleansPaas.Grains.Tables;
using OrleansPaas.Routing;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Tables;

public sealed class VersionedTableTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    private readonly HashSet<string> _live = ["n1"];
    private readonly ManualTime _time = new();

    private VersionedTable<RouteSnapshot> Table(bool gatewaysMayHoldEarlier = false, long version = 0) =>
        new(epoch => new RouteSnapshot(version, [], epoch), () => _live, gatewaysMayHoldEarlier, _time);

    private static RouteSnapshot Next(VersionedTable<RouteSnapshot> table, params string[] apps) =>
        new(table.NextVersion, apps.Select(app => new RouteEntry(app, [app + ".example.test"], [])).ToList(), table.Epoch);

    [Fact]
    public void New_TwoActivationsOfTheSameStoredTable_HaveDifferentEpochs()
    {
        var first = Table(version: 7);
        var second = Table(version: 7);

        Assert.Equal(7, first.Version);
        Assert.Equal(7, second.Version);
        Assert.NotEqual(Guid.Empty, first.Epoch);
        Assert.NotEqual(first.Epoch, second.Epoch);
        Assert.Equal(first.Epoch, first.Current.Epoch);
    }

    [Fact]
    public void Publish_NextVersion_BecomesCurrent()
    {
        var table = Table();
        var next = Next(table, "blog");

        table.Publish(next);

        Assert.Same(next, table.Current);
        Assert.Equal(1, table.Version);
        Assert.Equal(2, table.NextVersion);
    }

    [Fact]
    public void Publish_SameVersionOrOtherEpoch_IsRefused()
    {
        var table = Table(version: 3);

        Assert.Throws<ArgumentException>(() => table.Publish(new RouteSnapshot(3, [], table.Epoch)));
        Assert.Throws<ArgumentException>(() => table.Publish(new RouteSnapshot(4, [], Guid.NewGuid())));
        Assert.Equal(3, table.Version);
    }

    [Fact]
    public async Task WaitForChange_CallerHoldsTheCurrentSnapshot_AnswersWhenTheNextIsPublished()
    {
        var table = Table();
        var waiting = table.WaitForChangeAsync(table.Epoch, table.Version, Long, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        var next = Next(table, "blog");
        table.Publish(next);

        Assert.Same(next, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task WaitForChange_SameVersionOfAnotherEpoch_AnswersAtOnce()
    {
        var table = Table(version: 7);

        // A gateway that holds v7 of an earlier activation: the number matches, the table may not.
        var answer = await table.WaitForChangeAsync(Guid.NewGuid(), 7, Long, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Same(table.Current, answer);
    }

    [Fact]
    public async Task WaitForChange_Cancelled_AnswersWithTheCurrentSnapshot()
    {
        var table = Table();
        using var stopping = new CancellationTokenSource();
        var waiting = table.WaitForChangeAsync(table.Epoch, table.Version, Long, stopping.Token);

        stopping.Cancel();

        Assert.Same(table.Current, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void AppliedBy_ReportOfAnotherEpoch_CountsAsNothing()
    {
        var table = Table(version: 5);

        table.Report("n1", Guid.NewGuid(), 5);
        Assert.Equal(0, table.AppliedBy("n1"));

        table.Report("n1", table.Epoch, 5);
        Assert.Equal(5, table.AppliedBy("n1"));
        Assert.Equal(0, table.AppliedBy("never-polled"));
    }

    [Fact]
    public async Task WaitUntilApplied_NewTable_DoesNotWaitForGatewaysItNeverHeardFrom()
    {
        var table = Table();
        table.Publish(Next(table, "blog"));

        // Nothing was handed out before this activation: an unheard gateway holds nothing old.
        Assert.True(await table.WaitUntilAppliedAsync(1, Short));
    }

    [Fact]
    public async Task WaitUntilApplied_ReactivatedTable_WaitsForLiveGatewaysItHasNotHeardFrom()
    {
        var table = Table(gatewaysMayHoldEarlier: true, version: 7);
        table.Publish(Next(table, "blog"));

        Assert.Contains("n1", table.WaitedFor());
        Assert.False(await table.WaitUntilAppliedAsync(8, Short));

        var waiting = table.WaitUntilAppliedAsync(8, Long);
        table.Report("n1", table.Epoch, 8);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task WaitUntilApplied_GatewayStillOnAnEarlierEpoch_IsBehind()
    {
        var table = Table(version: 7);
        table.Publish(Next(table, "blog"));

        // v9 of another activation says nothing about this one's v8.
        table.Report("n1", Guid.NewGuid(), 9);

        Assert.False(await table.WaitUntilAppliedAsync(8, Short));
    }

    [Fact]
    public async Task WaitUntilApplied_ReactivatedTableAfterTheGatewayExpiry_NoLongerWaitsForTheUnheard()
    {
        var table = Table(gatewaysMayHoldEarlier: true);
        table.Publish(Next(table, "blog"));

        _time.Advance(VersionedTable<RouteSnapshot>.GatewayExpiry);

        // A live node whose gateway never polled in a whole expiry period runs no gateway, or a dead one.
        Assert.Empty(table.WaitedFor());
        Assert.True(await table.WaitUntilAppliedAsync(1, Short));
    }

    [Fact]
    public async Task WaitUntilApplied_LaggingGatewayStopsPolling_IsNoLongerWaitedFor()
    {
        var table = Table();
        table.Report("n1", table.Epoch, 0);
        table.Publish(Next(table, "blog"));
        Assert.False(await table.WaitUntilAppliedAsync(1, Short));

        _time.Advance(VersionedTable<RouteSnapshot>.GatewayExpiry);

        Assert.True(await table.WaitUntilAppliedAsync(1, Short));
    }

    [Fact]
    public async Task WaitUntilApplied_LaggingGatewaysNodeLeftTheCluster_IsNotWaitedFor()
    {
        var table = Table(gatewaysMayHoldEarlier: true);
        _live.Add("n2");
        table.Report("n1", table.Epoch, 0);
        table.Report("n2", table.Epoch, 0);
        table.Publish(Next(table, "blog"));
        table.Report("n1", table.Epoch, 1);
        Assert.False(await table.WaitUntilAppliedAsync(1, Short));

        _live.Remove("n2");

        Assert.True(await table.WaitUntilAppliedAsync(1, Short));
    }
}
