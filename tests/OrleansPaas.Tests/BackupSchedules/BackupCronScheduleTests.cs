using OrleansPaas.Grains.Cron;

namespace OrleansPaas.Tests.BackupSchedules;

/// <summary>Backup schedules through the one schedule parser: seconds allowed, catch-up of missed times.</summary>
public sealed class BackupCronScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 3, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 3 * *")]
    [InlineData("61 3 * * *")]
    [InlineData("")]
    public void Parse_NotCron_SaysWhy(string text)
    {
        Assert.Null(CronSchedule.TryParse(text, out var problem, allowSeconds: true));
        Assert.StartsWith(text.Length == 0 ? "the schedule is empty" : $"'{text}' is not a cron schedule", problem);
    }

    [Fact]
    public void Due_TimeMissedWhileDown_RunsOnceForTheLatest()
    {
        var hourly = CronSchedule.TryParse("0 * * * *", out _, allowSeconds: true)!;

        Assert.Equal(Now.AddMinutes(-30), hourly.Due(Now.AddHours(-5), Now, TimeSpan.FromHours(1)));
        Assert.Null(hourly.Due(Now.AddMinutes(-30), Now, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Due_MissedLongerThanCatchUp_Skipped()
    {
        var daily = CronSchedule.TryParse("0 1 * * *", out _, allowSeconds: true)!;

        Assert.Null(daily.Due(Now.AddDays(-1), Now, TimeSpan.FromHours(1)));
        Assert.Equal(Now.AddMinutes(-150), daily.Due(Now.AddDays(-1), Now, TimeSpan.FromHours(3)));
    }

    [Fact]
    public void Parse_SixFields_HasSeconds()
    {
        var everyTwoSeconds = CronSchedule.TryParse("*/2 * * * * *", out _, allowSeconds: true)!;

        Assert.Equal(Now.AddSeconds(2), everyTwoSeconds.NextAfter(Now));
    }
}
