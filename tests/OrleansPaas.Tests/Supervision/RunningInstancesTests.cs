using OrleansPaas.Apps;
using OrleansPaas.Grains.Supervision;

namespace OrleansPaas.Tests.Supervision;

/// <summary>What runs for one app as its grain holds it, without Orleans.</summary>
public sealed class RunningInstancesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static InstanceInfo Instance(string id, int index) => new(id, "web", 2, "10.0.0.1", 20000 + index, index, "n1");

    [Fact]
    public void Deployed_Awake_ServingAreTheInstances_NothingParked_CrashedSlotsRecovered()
    {
        var running = new RunningInstances { Instances = [Instance("old", 1)], Parked = [Instance("parked", 1)] };
        running.RecordCrash("web.1", 3, ["boom"], Now);

        running.Deployed([Instance("new", 1)], asleep: false);

        Assert.Equal(["new"], running.Instances.Select(i => i.ContainerId));
        Assert.Empty(running.Parked);
        var crash = running.Crashes["web.1"];
        Assert.False(crash.Restarting);
        Assert.Equal(3, crash.LastExitCode);
    }

    [Fact]
    public void Deployed_Asleep_ServingAreParked_NoInstances()
    {
        var running = new RunningInstances { Parked = [Instance("old", 1)] };

        running.Deployed([Instance("new-1", 1), Instance("new-2", 2)], asleep: true);

        Assert.Empty(running.Instances);
        Assert.Equal(["new-1", "new-2"], running.Parked.Select(i => i.ContainerId));
    }
}
