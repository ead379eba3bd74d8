using OrleansPaas.Grains.Cron;

namespace OrleansPaas.Tests.Cron;

/// <summary>Schedules through Cronos, in UTC: what is refused, the next time, the latest time due.</summary>
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 14, 7, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("")]
    [InlineData("every minute")]
    [InlineData("* * * *")]
    [InlineData("60 * * * *")]
    [InlineData("* * * * * *")]
    public void TryParse_NotASchedule_GivesASentence(string text)
    {
        Assert.Null(CronSchedule.TryParse(text, out var problem));
        Assert.False(string.IsNullOrWhiteSpace(problem));
        Assert.DoesNotContain("\n", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void NextAfter_EveryFiveMinutes_IsTheNextMultiple_InUtc()
    {
        var schedule = CronSchedule.Parse("*/5 * * * *");

        Assert.Equal(new DateTimeOffset(2026, 12, 5, 14, 10, 0, TimeSpan.Zero), schedule.NextAfter(At));
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 14, 15, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 12, 5, 14, 10, 0, TimeSpan.Zero)));
        // An offset is the same instant.
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 14, 10, 0, TimeSpan.Zero), schedule.NextAfter(At.ToOffset(TimeSpan.FromHours(2))));
    }

    [Fact]
    public void LatestDue_IsTheLastTimeInTheWindow_OrNull()
    {
        var schedule = CronSchedule.Parse("@hourly");

        Assert.Equal(new DateTimeOffset(2026, 12, 5, 14, 0, 0, TimeSpan.Zero), schedule.LatestDue(At.AddHours(-3), At));
        Assert.Null(schedule.LatestDue(new DateTimeOffset(2026, 12, 5, 14, 0, 0, TimeSpan.Zero), At));
    }
}
