using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Supervision;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// A release whose image no live node holds any more is built again from its commit (a build
/// record of its own, "rebuild of vN", under the release's own image tag) and its instances start,
/// instead of backing off for minutes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ImageRebuildTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;
    private FakeContainerRuntime Runtime => ClusterFixture.Runtime;
    private FakeAppImages Images => ClusterFixture.Images;

    [Fact]
    public async Task Pass_ImageOnNoNodeAndInstanceDead_RebuildsTheReleaseCommitUnderItsTag_AndTheInstanceRunsAgain()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "rebuild-lost-image");
        var deployed = await app.GetInfoAsync();
        var release = deployed.CurrentRelease!;
        var before = Assert.Single(deployed.Instances);

        Images.Lose(release.Image);
        Runtime.Crash(before.ContainerId, 137);
        await Cluster.GrainFactory.GetGrain<IReconcilerGrain>(0).PassAsync();

        var rebuild = await Poll.UntilAsync(async () => (await app.GetBuildsAsync())!.LastOrDefault(b => b.RebuildOf == release.Version),
            b => b is { Outcome: BuildOutcome.Succeeded }, TimeSpan.FromSeconds(20), "a rebuild of the release to succeed");
        Assert.Equal((release.Commit, release.Version), (rebuild!.Commit, rebuild.Release));
        Assert.Contains(Images.Tags, t => t.Reference == release.Image);
        var after = await Poll.UntilAsync(() => app.GetInfoAsync(), i => i.Instances.Count == 1, TimeSpan.FromSeconds(20), "the instance to run again");
        Assert.NotEqual(before.ContainerId, after.Instances[0].ContainerId);
        Assert.Equal(release.Version, after.CurrentRelease!.Version);
        Assert.True(Runtime.Running.ContainsKey(after.Instances[0].ContainerId));
        var output = (await app.GetBuildOutputAsync(rebuild.Id))!.Text;
        Assert.Contains($"Rebuilding rebuild-lost-image v{release.Version}", output);
    }

    [Fact]
    public async Task Pass_ImagePresent_QueuesNoRebuild()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "rebuild-not-needed");
        var before = Assert.Single((await app.GetInfoAsync()).Instances);

        Runtime.Crash(before.ContainerId, 137);
        await Cluster.GrainFactory.GetGrain<IReconcilerGrain>(0).PassAsync();

        await Poll.UntilAsync(() => app.GetInfoAsync(), i => i.Instances.Count == 1 && i.Instances[0].ContainerId != before.ContainerId,
            TimeSpan.FromSeconds(20), "the instance to restart");
        Assert.DoesNotContain((await app.GetBuildsAsync())!, b => b.RebuildOf is not null);
    }
}
