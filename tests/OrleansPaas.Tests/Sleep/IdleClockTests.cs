using OrleansPaas.Grains.Sleep;

namespace OrleansPaas.Tests.Sleep;

/// <summary>The idle decision, with the times given: no waiting, no Orleans.</summary>
public sealed class IdleClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void IsIdleFor_NothingHeardSinceTheStart_IdleOnceTheIdleTimeHasPassed()
    {
        var clock = new IdleClock(Start);

        Assert.False(clock.IsIdleFor(Minute, Start.AddSeconds(59)));
        Assert.True(clock.IsIdleFor(Minute, Start.AddSeconds(60)));
    }

    [Fact]
    public void Heard_RequestsOrOpenConnections_PutOffTheIdleTime_AnEmptyReportDoesNot()
    {
        var clock = new IdleClock(Start);

        clock.Heard(0, 0, Start.AddSeconds(30));
        Assert.True(clock.IsIdleFor(Minute, Start.AddSeconds(60)));

        clock.Heard(0, 1, Start.AddSeconds(40));
        Assert.False(clock.IsIdleFor(Minute, Start.AddSeconds(99)));
        Assert.True(clock.IsIdleFor(Minute, Start.AddSeconds(100)));

        clock.Heard(3, 0, Start.AddSeconds(100));
        Assert.Equal(Start.AddSeconds(100), clock.IdleSince);
    }

    [Fact]
    public void Restart_ANewSettingOrDeploy_CountsFromNow_WithoutCountingAsUse()
    {
        var clock = new IdleClock(Start);

        clock.Restart(Start.AddMinutes(5));

        Assert.False(clock.IsIdleFor(Minute, Start.AddMinutes(5).AddSeconds(59)));
        Assert.Equal(Start, clock.LastActivityAt);
        Assert.False(clock.HeardSince(Start.AddMinutes(4)));
    }

    [Fact]
    public void HeardSince_ReportAfterTheDecision_CallsTheSleepOff()
    {
        var clock = new IdleClock(Start);
        var decidedAt = Start.AddMinutes(1);

        Assert.False(clock.HeardSince(decidedAt));
        clock.Heard(1, 0, decidedAt.AddSeconds(1));

        Assert.True(clock.HeardSince(decidedAt));
    }

    [Fact]
    public void Woke_IsUseAndAFreshStart()
    {
        var clock = new IdleClock(Start);

        clock.Woke(Start.AddHours(1));

        Assert.Equal((Start.AddHours(1), Start.AddHours(1)), (clock.LastActivityAt, clock.AwakeSince));
    }

    [Theory]
    [InlineData(1, 250)]
    [InlineData(4, 1000)]
    [InlineData(60, 15000)]
    [InlineData(3600, 30000)]
    public void LookEvery_AQuarterOfTheIdleTime_Between250msAnd30s(int sleepAfterSeconds, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), IdleClock.LookEvery(TimeSpan.FromSeconds(sleepAfterSeconds)));
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(null, 600, 600)]
    [InlineData(30, 600, 30)]
    [InlineData(0, 600, null)]
    [InlineData(null, 0, null)]
    public void InForce_TheAppsOwnElseThePlatformsDefault_ZeroIsNever(int? ownSeconds, int? platformSeconds, int? expectedSeconds)
    {
        var inForce = IdleClock.InForce(Seconds(ownSeconds), Seconds(platformSeconds));

        Assert.Equal(Seconds(expectedSeconds), inForce);
    }

    private static TimeSpan? Seconds(int? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
