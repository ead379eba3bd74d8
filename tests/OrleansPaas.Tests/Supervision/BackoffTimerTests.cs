using OrleansPaas.Grains.Supervision;

namespace OrleansPaas.Tests.Supervision;

public sealed class BackoffTimerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DueIn_AFutureAttempt_IsTheTimeLeft()
    {
        Assert.Equal(TimeSpan.FromSeconds(8), BackoffTimer.DueIn(Now.AddSeconds(8), Now));
    }

    [Fact]
    public void DueIn_AnAttemptAlreadyPassed_IsAtOnce()
    {
        Assert.Equal(TimeSpan.Zero, BackoffTimer.DueIn(Now.AddSeconds(-3), Now));
    }
}
