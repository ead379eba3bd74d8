using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Builds;

namespace OrleansPaas.Tests.Grains;

/// <summary>Deploys an app through the real build queue with the fake builder, for tests that start from a running app.</summary>
public static class DeployedApps
{
    public static async Task<IAppGrain> DeployAsync(TestCluster cluster, string name)
    {
        var app = cluster.GrainFactory.GetGrain<IAppGrain>(name);
        var commit = Guid.NewGuid().ToString("N") + "00000000";
        var ticket = await app.EnqueueBuildAsync(new BuildSource(commit, null, "refs/heads/main"));
        ClusterFixture.Builder.Finish(commit);
        Assert.Equal(BuildOutcome.Succeeded, await OutcomeAsync(app, ticket.BuildId));
        return app;
    }

    public static async Task<BuildOutcome> OutcomeAsync(IAppGrain app, int buildId)
    {
        var next = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var chunk = await app.ReadBuildLogAsync(buildId, next, TimeSpan.FromSeconds(2));
            next = chunk.NextLine;
            if (chunk.Outcome.IsFinished())
            {
                return chunk.Outcome;
            }
        }

        throw new TimeoutException($"build {buildId} of {app.GetPrimaryKeyString()} did not finish");
    }
}
