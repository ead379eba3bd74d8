using OrleansPaas.Routing;

namespace OrleansPaas.Tests.Grains;

public sealed class RouteTableReactivationTests(RouteTableCluster fixture) : IClassFixture<RouteTableCluster>
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    // Every (epoch, version) a gateway was handed, with the apps it held.
    private readonly Dictionary<(Guid Epoch, long Version), string> _seen = [];

    [Fact]
    public async Task Reactivation_AfterAFailedSave_NeverHandsOutOneVersionWithTwoContents()
    {
        var table = _grains.GetGrain<IRouteTableGrain>(0);
        await table.ConfirmAsync();
        await table.PublishAsync(Entry("a"));
        var first = await PollAsync(table, RouteSnapshot.Empty);

        FlakyGrainStorage.FailWrites = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => table.PublishAsync(Entry("b")));
        }
        finally
        {
            FlakyGrainStorage.FailWrites = false;
        }

        // The change that was not saved was never shown.
        var afterFailure = await PollAsync(table, first);
        Assert.Equal((first.Epoch, first.Version), (afterFailure.Epoch, afterFailure.Version));
        Assert.DoesNotContain("b", Apps(afterFailure));

        await ReactivateAsync();
        var reactivated = await PollAsync(table, first);
        Assert.NotEqual(first.Epoch, reactivated.Epoch);
        Assert.Equal(Apps(first), Apps(reactivated));

        var version = await table.PublishAsync(Entry("c"));
        var next = await PollAsync(table, reactivated);

        // The version goes on from the stored one; with its new epoch it names the new content.
        Assert.Equal(first.Version + 1, version);
        Assert.Equal(Apps(first).Append("c").Order(StringComparer.Ordinal), Apps(next));
    }

    [Fact]
    public async Task WaitUntilApplied_ReactivatedTable_WaitsForTheLiveNodesGatewayUntilItPolls()
    {
        var table = _grains.GetGrain<IRouteTableGrain>(0);
        await table.PublishAsync(Entry("d"));
        await ReactivateAsync();
        var node = fixture.Cluster.Primary!.Name;

        var version = await table.PublishAsync(Entry("e"));

        // The node's gateway may still route by the earlier activation's table: not applied yet.
        Assert.False(await table.WaitUntilAppliedAsync(version, TimeSpan.FromMilliseconds(200)));

        var held = await table.WaitForChangeAsync(node, 0, TimeSpan.Zero, Guid.NewGuid());
        var applied = table.WaitUntilAppliedAsync(version, TimeSpan.FromSeconds(10));
        await table.WaitForChangeAsync(node, held.Version, TimeSpan.Zero, held.Epoch);

        Assert.True(await applied);
    }

    private async Task<RouteSnapshot> PollAsync(IRouteTableGrain table, RouteSnapshot held)
    {
        var snapshot = await table.WaitForChangeAsync("gateway", held.Version, TimeSpan.Zero, held.Epoch);
        var content = string.Join(",", Apps(snapshot));
        if (_seen.TryGetValue((snapshot.Epoch, snapshot.Version), out var before))
        {
            Assert.Equal(before, content);
        }

        _seen[(snapshot.Epoch, snapshot.Version)] = content;
        return snapshot;
    }

    private async Task ReactivateAsync()
    {
        var before = await _grains.GetGrain<IRouteTableGrain>(0).WaitForChangeAsync("probe", -1, TimeSpan.Zero, Guid.NewGuid());
        await _grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await _grains.GetGrain<IRouteTableGrain>(0).WaitForChangeAsync("probe", -1, TimeSpan.Zero, Guid.NewGuid());
        Assert.NotEqual(before.Epoch, after.Epoch);
    }

    private static RouteEntry Entry(string app) => new(app, [app + ".example.test"], ["10.0.0.1:5000"]);

    private static string[] Apps(RouteSnapshot snapshot) => snapshot.Routes.Select(r => r.App).Order(StringComparer.Ordinal).ToArray();
}
