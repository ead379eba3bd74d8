using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Apps;

namespace OrleansPaas.Tests.Grains;

/// <summary>An app whose grain died mid-deploy (its node lost): the next activation marks what it was doing failed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class InterruptedWorkTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Activation_AfterAGrainDiedMidDeploy_MarksItsPendingReleaseAndUnfinishedBuildFailed()
    {
        var name = "interrupted-" + Guid.NewGuid().ToString("N")[..8];
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>(name);
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        ReleaseRecord Release(int version, ReleaseStatus status) => new(version, $"paas/{name}:v{version}", new string('a', 40), 5000, at, status,
            "Deploy", new Dictionary<string, string>(), new Dictionary<string, string> { ["web"] = "" }, ReleaseKind.Image, [], new Dictionary<string, int>());
        await ClusterFixture.Storage!.SeedAppStateAsync(app.GetGrainId(), new AppState
        {
            CreatedAt = at,
            Releases = [Release(1, ReleaseStatus.Deployed), Release(2, ReleaseStatus.Pending)],
            CurrentVersion = 1,
            NextBuildId = 3,
            Builds =
            [
                new BuildRecord(1, new string('a', 40), null, "dockerfile", at, at, BuildOutcome.Succeeded, 1, "n1"),
                new BuildRecord(2, new string('b', 40), null, "dockerfile", at, null, BuildOutcome.Running, null, "n1"),
            ],
        });

        var info = await app.GetInfoAsync();
        var builds = await app.GetBuildsAsync();

        Assert.Equal([ReleaseStatus.Deployed, ReleaseStatus.Failed], info.Releases.Select(r => r.Status));
        Assert.Equal(1, info.CurrentRelease!.Version);
        Assert.Equal([BuildOutcome.Succeeded, BuildOutcome.Failed], builds!.Select(b => b.Outcome));
        Assert.NotNull(builds![1].FinishedAt);
    }
}
