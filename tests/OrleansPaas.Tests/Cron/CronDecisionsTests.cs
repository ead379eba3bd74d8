using OrleansPaas.Grains.Cron;

namespace OrleansPaas.Tests.Cron;

/// <summary>When a job fires: on time once, never twice for a time, missed times caught up once within the window, never before it was followed.</summary>
public sealed class CronDecisionsTests
{
    private static readonly CronSchedule EveryMinute = CronSchedule.Parse("* * * * *");
    private static readonly CronSchedule Nightly = CronSchedule.Parse("0 3 * * *");
    private static readonly TimeSpan CatchUp = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Since = new(2026, 12, 5, 14, 0, 20, TimeSpan.Zero);

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 12, 5, hour, minute, second, TimeSpan.Zero);

    [Theory]
    [InlineData(14, 0, 20, 42)] // mid-minute: the tick after the next whole minute
    [InlineData(14, 0, 0, 2)] // on a whole minute: two seconds later
    [InlineData(14, 0, 2, 60)] // on a tick: the next minute's, never a tick of zero
    [InlineData(14, 0, 59, 3)]
    public void ReminderDue_TicksJustAfterWholeMinutes(int hour, int minute, int second, int expectedSeconds)
    {
        var now = At(hour, minute, second);
        var due = CronDecisions.ReminderDue(now);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), due);
        Assert.Equal(CronDecisions.ReminderPhase.TotalSeconds, (now + due).Second);
    }

    [Fact]
    public void Due_BeforeTheFirstTimeAfterFollowing_IsNothing()
    {
        // 14:00 is before the job was followed (14:00:20): it never fires for it.
        Assert.Null(CronDecisions.Due(EveryMinute, Since, null, At(14, 0, 50), CatchUp));
    }

    [Fact]
    public void Due_OnTime_ThenNotAgainForTheSameTime()
    {
        Assert.Equal(At(14, 1), CronDecisions.Due(EveryMinute, Since, null, At(14, 1, 0).AddMilliseconds(3), CatchUp));
        // Fired for 14:01 (recorded): a wake in the same minute (a re-activation, a reminder tick) fires nothing.
        Assert.Null(CronDecisions.Due(EveryMinute, Since, At(14, 1), At(14, 1, 40), CatchUp));
        Assert.Equal(At(14, 2), CronDecisions.Due(EveryMinute, Since, At(14, 1), At(14, 2, 0), CatchUp));
    }

    [Fact]
    public void Due_AfterDowntime_OnlyTheLatestMissedTimeRunsOnce()
    {
        // Down from 14:05 to 14:37: 32 minutes missed, one run on recovery, for 14:37.
        Assert.Equal(At(14, 37), CronDecisions.Due(EveryMinute, Since, At(14, 5), At(14, 37, 12), CatchUp));
    }

    [Fact]
    public void Due_MissedBeyondTheCatchUpWindow_IsSkipped_WithinIt_RunsOnce()
    {
        var lastNight = new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);
        var followed = lastNight.AddDays(-3);
        // Down over 03:00, back at 03:50: within the hour, the nightly run happens once.
        Assert.Equal(At(3, 0), CronDecisions.Due(Nightly, followed, lastNight, At(3, 50), CatchUp));
        // Back at 04:10: more than an hour late; it waits for tomorrow.
        Assert.Null(CronDecisions.Due(Nightly, followed, lastNight, At(4, 10), CatchUp));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero), CronDecisions.Next(Nightly, followed, lastNight, At(4, 10)));
    }

    [Fact]
    public void Due_WithoutCatchUp_AWakeUpToAMinuteLateIsStillOnTime()
    {
        // The reminder wakes a deactivated grain once a minute: 50 s late is on time, not "missed".
        Assert.Equal(At(14, 1), CronDecisions.Due(EveryMinute, Since, null, At(14, 1, 50), TimeSpan.Zero));
        Assert.Null(CronDecisions.Due(Nightly, Since.AddDays(-2), null, At(3, 10), TimeSpan.Zero));
    }

    [Fact]
    public void Next_IsTheFirstTimeAfterNowAndAfterTheLastFired()
    {
        Assert.Equal(At(14, 2), CronDecisions.Next(EveryMinute, Since, At(14, 1), At(14, 1, 30)));
        // The clock stepped back below the last fired time: the next time is still after it.
        Assert.Equal(At(14, 2), CronDecisions.Next(EveryMinute, Since, At(14, 1), At(13, 59)));
    }
}
