using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Routing;

namespace OrleansPaas.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class AppGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private TestCluster Cluster => fixture.Cluster;
    private FakeImageBuilder Builder => ClusterFixture.Builder;

    [Fact]
    public async Task EnqueueBuild_TwoPushesToOneApp_RunOneAtATimeWhileOtherAppsBuildInParallel()
    {
        var blog = Cluster.GrainFactory.GetGrain<IAppGrain>("queue-blog");
        var www = Cluster.GrainFactory.GetGrain<IAppGrain>("queue-www");
        var blog1 = NewCommit();
        var blog2 = NewCommit();
        var www1 = NewCommit();

        var first = await blog.EnqueueBuildAsync(Source(blog1));
        var second = await blog.EnqueueBuildAsync(Source(blog2));
        var other = await www.EnqueueBuildAsync(Source(www1));
        Assert.Equal(0, first.Ahead);
        Assert.Equal(1, second.Ahead);
        Assert.Equal(0, other.Ahead);

        // Both apps' first builds run at the same time; the second blog build waits its turn.
        await WaitUntil(() => Builder.Started.Contains(blog1) && Builder.Started.Contains(www1));
        Assert.DoesNotContain(blog2, Builder.Started);
        Assert.Equal(BuildOutcome.Queued, (await blog.ReadBuildLogAsync(second.BuildId, 0, TimeSpan.Zero)).Outcome);
        Assert.Equal(2, (await blog.GetInfoAsync()).QueuedBuilds);

        Builder.Finish(blog1);
        Assert.Equal(BuildOutcome.Succeeded, await OutcomeOf(blog, first.BuildId));
        await WaitUntil(() => Builder.Started.Contains(blog2));

        Builder.Finish(blog2);
        Builder.Finish(www1);
        Assert.Equal(BuildOutcome.Succeeded, await OutcomeOf(blog, second.BuildId));
        Assert.Equal(BuildOutcome.Succeeded, await OutcomeOf(www, other.BuildId));
        Assert.Equal(1, Builder.MaxRunningOf("queue-blog"));
        Assert.True(Builder.RanTogether("queue-blog", "queue-www"), "builds of different apps should overlap");

        var info = await blog.GetInfoAsync();
        Assert.Equal([1, 2], info.Releases.Select(r => r.Version));
        Assert.Equal(2, info.CurrentRelease!.Version);
        Assert.Equal(blog2, info.CurrentRelease.Commit);
        Assert.Single(info.Instances);
        // The first build's instance is retired after the second push was answered.
        await WaitUntil(() => ClusterFixture.Runtime.Running.Values.Count(r => r.App == "queue-blog") == 1);
    }

    [Theory]
    [InlineData("paths-up", "../../../../etc")]
    [InlineData("paths-absolute", "/var/lib/other/objects")]
    [InlineData("paths-sneaky", "tmp_objdir-incoming-x/../../../other.git/objects")]
    public async Task EnqueueBuild_QuarantineThatIsAPath_IsRefusedAndCreatesNothing(string name, string quarantine)
    {
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>(name);
        var commit = NewCommit();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => app.EnqueueBuildAsync(new BuildSource(commit, quarantine, "refs/heads/main")));

        Assert.Contains("quarantine", refused.Message);
        Assert.DoesNotContain(commit, Builder.Started);
        Assert.False((await app.GetInfoAsync()).Exists);
    }

    [Fact]
    public async Task EnqueueBuild_CommitThatIsNotAnId_IsRefused()
    {
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>("paths-commit");

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => app.EnqueueBuildAsync(new BuildSource("HEAD --upload-pack=x", null, "refs/heads/main")));

        Assert.Contains("not a commit id", refused.Message);
        Assert.False((await app.GetInfoAsync()).Exists);
    }

    [Fact]
    public async Task ReadBuildLog_WhileBuildRuns_AnswersWithoutWaitingForTheBuild()
    {
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>("reads-during-build");
        var commit = NewCommit();
        var ticket = await app.EnqueueBuildAsync(Source(commit));
        await WaitUntil(() => Builder.Started.Contains(commit));

        // The build is blocked; reads must still answer at once.
        var info = await app.GetInfoAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, info.QueuedBuilds);
        var chunk = await app.ReadBuildLogAsync(ticket.BuildId, 0, TimeSpan.Zero).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains(chunk.Lines, l => l.Contains($"fake build of {commit}"));
        Assert.Equal(BuildOutcome.Running, chunk.Outcome);

        Builder.Finish(commit);
        Assert.Equal(BuildOutcome.Succeeded, await OutcomeOf(app, ticket.BuildId));
    }

    [Fact]
    public async Task GetBuildOutput_WhileRunning_IsTheLogSoFar_OnceFinished_TheStoredWholeOutput_NoFileOnTheNode()
    {
        const string name = "output-read";
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>(name);
        var commit = NewCommit();
        var ticket = await app.EnqueueBuildAsync(Source(commit));
        await WaitUntil(() => Builder.Started.Contains(commit));

        var running = await app.GetBuildOutputAsync(ticket.BuildId);
        Assert.False(running!.Record.Outcome.IsFinished());
        Assert.Contains($"fake build of {commit}", running.Text);
        Assert.DoesNotContain("Application deployed", running.Text);

        Builder.Finish(commit);
        Assert.Equal(BuildOutcome.Succeeded, await OutcomeOf(app, ticket.BuildId));
        await WaitUntilAsync(async () => (await app.GetBuildOutputAsync(null))!.Record.Outcome == BuildOutcome.Succeeded);
        var finished = await app.GetBuildOutputAsync(null);
        Assert.Equal(ticket.BuildId, finished!.Record.Id);
        Assert.Contains($"fake build of {commit}", finished.Text);
        Assert.Contains("=====> Application deployed: http://output-read.example.test", finished.Text);
        Assert.Null(await app.GetBuildOutputAsync(ticket.BuildId + 1));
        // The log is the grain's memory and the cluster's storage, never a file on the node it ran on.
        Assert.False(Directory.Exists(Path.Combine(ClusterFixture.DataDir, "logs", name)));
    }

    [Fact]
    public async Task FailedBuild_KeepsPreviousReleaseServing()
    {
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>("failing-build");
        var good = NewCommit();
        var bad = NewCommit();
        var first = await app.EnqueueBuildAsync(Source(good));
        Builder.Finish(good);
        Assert.Equal(BuildOutcome.Succeeded, await OutcomeOf(app, first.BuildId));
        var routesBefore = await RouteOf("failing-build");

        var second = await app.EnqueueBuildAsync(Source(bad));
        Builder.Finish(bad, succeed: false);
        Assert.Equal(BuildOutcome.Failed, await OutcomeOf(app, second.BuildId));

        var info = await app.GetInfoAsync();
        Assert.Equal(good, info.CurrentRelease!.Commit);
        Assert.Single(info.Releases);
        Assert.Equal(routesBefore, await RouteOf("failing-build"));
        var log = await app.ReadBuildLogAsync(second.BuildId, 0, TimeSpan.Zero);
        Assert.Contains(log.Lines, l => l.Contains("Build failed: fake failure"));
        Assert.Contains(log.Lines, l => l.Contains("v1 keeps serving"));
    }

    [Fact]
    public async Task State_AfterDeactivation_IsReadBackFromStorage()
    {
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>("survives");
        var commit = NewCommit();
        var ticket = await app.EnqueueBuildAsync(Source(commit));
        Builder.Finish(commit);
        Assert.Equal(BuildOutcome.Succeeded, await OutcomeOf(app, ticket.BuildId));
        var before = await app.GetInfoAsync();

        var management = Cluster.GrainFactory.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        await WaitUntilAsync(async () => !(await management.GetActiveGrains(GrainType.Create("app"))).Any());

        var after = await app.GetInfoAsync();
        Assert.True(after.Exists);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Equal(
            before.Releases.Select(r => (r.Version, r.Image, r.Commit, r.Port, r.CreatedAt, r.Status, r.Description)),
            after.Releases.Select(r => (r.Version, r.Image, r.Commit, r.Port, r.CreatedAt, r.Status, r.Description)));
        Assert.Equal(before.Releases.Select(r => r.Config.OrderBy(kv => kv.Key)), after.Releases.Select(r => r.Config.OrderBy(kv => kv.Key)));
        Assert.Equal(before.Instances, after.Instances);
        Assert.Contains("survives", await Cluster.GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync());
        // The log of a build from a previous activation is gone, and says so rather than hanging.
        Assert.Equal(BuildOutcome.Unknown, (await app.ReadBuildLogAsync(ticket.BuildId, 0, TimeSpan.FromSeconds(5))).Outcome);
    }

    private async Task<IReadOnlyList<string>?> RouteOf(string app)
    {
        var snapshot = await Cluster.GrainFactory.GetGrain<IRouteTableGrain>(0).WaitForChangeAsync("test", -1, TimeSpan.Zero);
        return snapshot.Routes.FirstOrDefault(r => r.App == app)?.Endpoints;
    }

    private static Task<BuildOutcome> OutcomeOf(IAppGrain app, int buildId) => DeployedApps.OutcomeAsync(app, buildId);

    private static Task WaitUntil(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }

            await Task.Delay(20);
        }
    }

    // Every build gets a commit of its own: the fake builder's record of started commits is shared by all tests.
    private static string NewCommit() => Guid.NewGuid().ToString("N") + "00000000";

    private static BuildSource Source(string commit) => new(commit, null, "refs/heads/main");
}
