using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Nodes;

namespace OrleansPaas.Tests.Deploy;

/// <summary>How long a deploy waits for a node to start an instance: never less than the instance's own readiness wait and checks.</summary>
public sealed class StartBoundTests
{
    private static InstanceRequest Request(TimeSpan readiness, params HealthCheck[] checks) =>
        new("blog", "web", 1, 3, "paas/blog:v3", 5000, new Dictionary<string, string>(), null, "blog.example.com", checks, readiness);

    [Fact]
    public void NoChecks_IsTheReadinessTimeoutAndAMinute()
    {
        Assert.Equal(TimeSpan.FromSeconds(120), Rollout.StartBound(Request(TimeSpan.FromSeconds(60))));
    }

    [Fact]
    public void EveryCheckAddsItsDelayAndEachAttemptsTimeoutAndWait()
    {
        var slow = new HealthCheck("db", "/ready", null, Attempts: 5, Timeout: TimeSpan.FromSeconds(10), Wait: TimeSpan.FromSeconds(5), InitialDelay: TimeSpan.FromSeconds(30));
        var quick = new HealthCheck("home", "/", null, Attempts: 1, Timeout: TimeSpan.FromSeconds(2), Wait: TimeSpan.Zero, InitialDelay: TimeSpan.Zero);

        // 60 s readiness + 60 s slack + (30 + 5 × 15) + 2.
        Assert.Equal(TimeSpan.FromSeconds(227), Rollout.StartBound(Request(TimeSpan.FromSeconds(60), slow, quick)));
    }
}
