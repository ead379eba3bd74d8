using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Sleep;
using OrleansPaas.Grains.Supervision;

namespace OrleansPaas.Tests.Sleep;

/// <summary>When a wake is refused, when it succeeded, and what a failed one says: without Orleans or Docker.</summary>
public sealed class WakeRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly InstanceSlot Web1 = new("web", 1);
    private static readonly InstanceSlot Web2 = new("web", 2);

    private static CrashInfo Crash(string slot, int restarts, DateTimeOffset at, bool restarting = true, long exitCode = 3) =>
        new(slot, restarts, exitCode, [], at, restarting);

    [Fact]
    public void BackingOff_NoCrashFirstCrashOrRecovered_WakesNow()
    {
        var crashes = new Dictionary<string, CrashInfo>
        {
            ["web.1"] = Crash("web.1", 1, Now),
            ["web.2"] = Crash("web.2", 5, Now, restarting: false),
        };

        Assert.Null(WakeRules.BackingOff([Web1, Web2, new InstanceSlot("worker", 1)], crashes, Now));
    }

    [Fact]
    public void BackingOff_SlotWhoseBackoffRunsOn_RefusesWithItsExitCodeAndTheWait()
    {
        var crashes = new Dictionary<string, CrashInfo> { ["web.2"] = Crash("web.2", 3, Now.AddSeconds(-0.5)) };

        var waiting = WakeRules.BackingOff([Web1, Web2], crashes, Now);

        Assert.NotNull(waiting);
        var (problem, retry) = WakeRules.Refused(waiting, Now);
        Assert.Equal(TimeSpan.FromSeconds(1.5), retry);
        Assert.Equal("web.2 crashed when the app last woke (exit code 3); next attempt in 2s", problem);
    }

    [Fact]
    public void Unfilled_SlotsWithoutAnInstanceThatCameUp()
    {
        var up = new List<InstanceInfo> { new("c1", "web", 1, "10.0.0.1", 20000, 2, "a") };

        Assert.Equal([Web1], WakeRules.Unfilled([Web1, Web2], up));
    }

    [Fact]
    public void ProblemAndRetryAfter_FailedStart_SaysWhichSlotAndWaitsOutItsBackoff()
    {
        var starts = new SlotStarts([], [new FailedStart(Web1, "the container exited with code 3", Crash("web.1", 3, Now), null)], []);

        Assert.Equal("web.1 did not come up: the container exited with code 3", WakeRules.Problem(starts, [Web1]));
        Assert.Equal(TimeSpan.FromSeconds(2), WakeRules.RetryAfter(starts, Now));
    }

    [Fact]
    public void ProblemAndRetryAfter_NoNodeTookASlot_NamesIt_RetriesAfterASecond()
    {
        var starts = new SlotStarts([], [], [Web2]);

        Assert.Equal("no node could take web.1, web.2", WakeRules.Problem(starts, [Web1, Web2]));
        Assert.Equal(TimeSpan.FromSeconds(1), WakeRules.RetryAfter(starts, Now));
    }
}
