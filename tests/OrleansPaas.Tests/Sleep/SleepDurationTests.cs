using OrleansPaas.Gateway.Api;
using OrleansPaas.Sleep;

namespace OrleansPaas.Tests.Sleep;

public sealed class SleepDurationTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 15 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData(" 1D ", 86400)]
    [InlineData("30d", 30 * 86400)]
    public void TryParse_WholeNumberWithUnit_IsThatLong(string text, int seconds)
    {
        Assert.Null(SleepDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Fact]
    public void TryParse_Off_IsNull()
    {
        Assert.Null(SleepDuration.TryParse("off", out var value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData("", "not a duration")]
    [InlineData("soon", "not a duration")]
    [InlineData("1.5h", "not a duration")]
    [InlineData("-3s", "not a duration")]
    [InlineData("10w", "unknown unit")]
    [InlineData("0s", "between 1s and 30d")]
    [InlineData("31d", "between 1s and 30d")]
    [InlineData("99999999999999h", "between 1s and 30d")]
    public void TryParse_Nonsense_SaysWhy(string text, string reason)
    {
        Assert.Contains(reason, SleepDuration.TryParse(text, out var value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData(90, "90s")]
    [InlineData(900, "15m")]
    [InlineData(7200, "2h")]
    [InlineData(86400, "1d")]
    public void Format_WritesTheShortestExactForm(int seconds, string expected) =>
        Assert.Equal(expected, SleepDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void ProcessSettings_KnownKeys_UnknownKeyAndBadValues_AreRefusedWithTheReason()
    {
        Assert.Null(ProcessSettings.Parse("sleep-after", "3s", out var after));
        Assert.Equal(new SleepSettings(new SleepAfterChange(TimeSpan.FromSeconds(3)), null), after);
        Assert.Null(ProcessSettings.Parse("sleep-after", null, out var reset));
        Assert.True(reset!.SleepAfter!.Default);
        Assert.Null(ProcessSettings.Parse("sleep-page", "ON", out var page));
        Assert.True(page!.SleepPage);

        Assert.Contains("unknown setting", ProcessSettings.Parse("restart-policy", "always", out var unknown));
        Assert.Null(unknown);
        Assert.Contains("on or off", ProcessSettings.Parse("sleep-page", "maybe", out _));
    }

    [Fact]
    public void ActivityReporting_ReportsAThirdOfTheIdleTime_Within1To5Seconds_AndTheGrainWaitsLonger()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), ActivityReporting.IntervalFor(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(2), ActivityReporting.IntervalFor(TimeSpan.FromSeconds(6)));
        Assert.Equal(TimeSpan.FromSeconds(5), ActivityReporting.IntervalFor(TimeSpan.FromHours(1)));
        Assert.True(ActivityReporting.ConfirmWindowFor(TimeSpan.FromHours(1)) > ActivityReporting.IntervalFor(TimeSpan.FromHours(1)) + ActivityReporting.Tick);
    }
}
