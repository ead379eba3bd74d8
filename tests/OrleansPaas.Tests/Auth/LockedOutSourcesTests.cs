using OrleansPaas.Gateway.Audit;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Auth;

public sealed class LockedOutSourcesTests
{
    [Fact]
    public void ALockedOutAddress_IsRecordedOnceAWindow_EachAddressOnItsOwn()
    {
        var clock = new StepClock(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        var sources = new LockedOutSources(clock);

        var recorded = Enumerable.Range(0, 500).Count(_ => sources.ShouldRecord("203.0.113.7"));
        var other = sources.ShouldRecord("198.51.100.1");
        clock.Pass(LockedOutSources.Window);
        var nextWindow = sources.ShouldRecord("203.0.113.7");

        Assert.Equal(1, recorded);
        Assert.True(other);
        Assert.True(nextWindow);
    }
}
