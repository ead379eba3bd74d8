using OrleansPaas.Grains.Fencing;
using OrleansPaas.Grains.Nodes;
using OrleansPaas.Nodes;
using OrleansPaas.Tests.Grains;

namespace OrleansPaas.Tests.Fencing;

/// <summary>
/// A node holding its workers fenced starts no non-web instance, whoever asks (an app grain still
/// active on the cut-off node would otherwise start its fenced worker again); web still starts.
/// </summary>
public sealed class FenceHoldTests
{
    [Fact]
    public async Task StartAsync_WhileHeld_RefusesAWorker_StartsWeb_AfterTheReleaseStartsTheWorker()
    {
        var runtime = new FakeContainerRuntime { NodeName = "n1" };
        var hold = new FenceHold();
        var instances = new NodeInstances(runtime, runtime, runtime, hold);
        hold.Hold("no contact with the cluster for 16.0 s");

        var worker = await instances.StartAsync(Request("worker"));
        var web = await instances.StartAsync(Request("web"));

        Assert.Null(worker.Instance);
        Assert.Contains("cut off from the cluster", worker.Problem);
        Assert.Contains("no contact with the cluster", worker.Problem);
        Assert.NotNull(web.Instance);
        Assert.DoesNotContain(runtime.Running.Values, r => r.Instance.Process == "worker");

        hold.Release();
        Assert.NotNull((await instances.StartAsync(Request("worker"))).Instance);
    }

    private static InstanceRequest Request(string process) => new("fenced", process, 1, 1, "paas/fenced:v1", process == "web" ? 5000 : 0,
        new Dictionary<string, string>(), null, "fenced.test", [], TimeSpan.FromSeconds(5));
}
