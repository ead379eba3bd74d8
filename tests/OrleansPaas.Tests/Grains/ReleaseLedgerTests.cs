using Orleans.TestingHost;
using OrleansPaas.Apps;

namespace OrleansPaas.Tests.Grains;

/// <summary>The release ledger keeps Paas:Releases:KeepRecords records (8 in this fixture), never the current one.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReleaseLedgerTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task ConfigChanges_BeyondKeepRecords_ForgetTheOldestReleases_RollbackToOneIsRefused()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "ledger");
        for (var i = 1; i <= 10; i++)
        {
            var change = await app.UpdateConfigAsync(new ConfigChange(new Dictionary<string, string> { ["SECRET"] = $"s{i}" }, [], Restart: true));
            Assert.True(change.Succeeded, change.Error);
        }

        var info = await app.GetInfoAsync();
        Assert.Equal(Enumerable.Range(4, 8), info.Releases.Select(r => r.Version).Order());
        Assert.Equal(11, info.CurrentRelease!.Version);

        var rollback = await app.RollbackAsync(2);

        Assert.False(rollback.Succeeded);
        Assert.Contains("v2", rollback.Error);
        Assert.Equal(11, (await app.GetInfoAsync()).CurrentRelease!.Version);
    }

    [Fact]
    public async Task FailedDeploysPileUp_TheCurrentReleaseStaysThoughItIsTheOldest()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "ledger-current");
        ClusterFixture.Runtime.FailingStarts["ledger-current"] = "no answer on port 5000";
        try
        {
            for (var i = 1; i <= 10; i++)
            {
                var change = await app.UpdateConfigAsync(new ConfigChange(new Dictionary<string, string> { ["N"] = $"{i}" }, [], Restart: true));
                Assert.False(change.Succeeded);
            }
        }
        finally
        {
            ClusterFixture.Runtime.FailingStarts.TryRemove("ledger-current", out _);
        }

        var info = await app.GetInfoAsync();
        Assert.Equal(1, info.CurrentRelease!.Version);
        Assert.Equal(8, info.Releases.Count);
        Assert.Contains(info.Releases, r => r.Version == 1);
        Assert.Contains(info.Releases, r => r.Version == 11);
    }
}
