using OrleansPaas.Grains.Supervision;

namespace OrleansPaas.Tests.Supervision;

public sealed class CrashBackoffTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Record_RepeatedCrashes_RestartAtOnceThenDoublesUpToFiveMinutes()
    {
        var crash = CrashBackoff.Record(null, "web.1", 1, [], Start);
        var delays = new List<TimeSpan> { CrashBackoff.Delay(crash) };
        for (var i = 0; i < 12; i++)
        {
            crash = CrashBackoff.Record(crash, "web.1", 1, [], Start.AddSeconds(i + 1));
            delays.Add(CrashBackoff.Delay(crash));
        }

        Assert.Equal([0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public void Record_CrashLongAfterThePrevious_StartsTheBackoffOver()
    {
        var earlier = CrashBackoff.Record(CrashBackoff.Record(null, "web.1", 1, [], Start), "web.1", 1, [], Start.AddSeconds(1));

        var later = CrashBackoff.Record(earlier, "web.1", 2, ["boom"], Start.AddMinutes(30));

        Assert.Equal((1, TimeSpan.Zero), (later.Restarts, CrashBackoff.Delay(later)));
    }

    [Fact]
    public void IsDue_DuringAndAfterTheBackoff_WaitsThenAllows()
    {
        var second = CrashBackoff.Record(CrashBackoff.Record(null, "web.1", 1, [], Start), "web.1", 1, [], Start.AddSeconds(1));

        Assert.False(CrashBackoff.IsDue(second, Start.AddSeconds(1.5)));
        Assert.True(CrashBackoff.IsDue(second, Start.AddSeconds(2)));
        Assert.True(CrashBackoff.IsDue(second with { Restarting = false }, Start.AddSeconds(1.5)));
        Assert.True(CrashBackoff.IsDue(null, Start));
    }
}
