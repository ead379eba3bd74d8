using OrleansPaas.Grains.Attachments;

namespace OrleansPaas.Tests.Attachments;

/// <summary>storage:move judges a copy by its progress: a long copy that keeps moving is never cut; one that stops is.</summary>
public sealed class CopyWatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ACopyThatKeepsGrowing_IsNeverGivenUp_HoweverLongItTakes()
    {
        var watch = new CopyWatch(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), Start);
        // Three hours, one MiB a minute: far beyond any fixed bound, always moving.
        for (var minute = 1; minute <= 180; minute++)
        {
            Assert.NotEqual(CopyVerdict.Stalled, watch.Observe(minute * 1024L * 1024, Start.AddMinutes(minute)));
        }

        Assert.Equal(180L * 1024 * 1024, watch.Bytes);
    }

    [Fact]
    public void NoNewBytesForTheStallTime_GivesItUp_CountingFromTheLastGrowth()
    {
        var watch = new CopyWatch(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), Start);
        Assert.NotEqual(CopyVerdict.Stalled, watch.Observe(500, Start.AddMinutes(10)));
        Assert.Equal(CopyVerdict.Wait, watch.Observe(500, Start.AddMinutes(11)));
        Assert.Equal(CopyVerdict.Wait, watch.Observe(500, Start.AddMinutes(11).AddSeconds(59)));
        Assert.Equal(CopyVerdict.Stalled, watch.Observe(500, Start.AddMinutes(12)));
    }

    [Fact]
    public void ANodeThatDoesNotAnswer_CountsAsNoProgress()
    {
        var watch = new CopyWatch(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), Start);
        Assert.NotEqual(CopyVerdict.Stalled, watch.Observe(100, Start.AddSeconds(1)));
        Assert.NotEqual(CopyVerdict.Stalled, watch.Observe(null, Start.AddSeconds(20)));
        Assert.Equal(CopyVerdict.Stalled, watch.Observe(null, Start.AddSeconds(31)));
    }

    [Fact]
    public void ACopyThatNeverStarts_IsGivenUpAfterTheStallTime()
    {
        var watch = new CopyWatch(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), Start);
        Assert.Equal(CopyVerdict.Wait, watch.Observe(0, Start.AddSeconds(29)));
        Assert.Equal(CopyVerdict.Stalled, watch.Observe(0, Start.AddSeconds(30)));
    }

    [Fact]
    public void Progress_IsReportedAtMostEveryInterval_AndOnlyWithNews()
    {
        var watch = new CopyWatch(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), Start);
        Assert.Equal(CopyVerdict.Wait, watch.Observe(10, Start.AddSeconds(5)));
        Assert.Equal(CopyVerdict.Report, watch.Observe(20, Start.AddSeconds(10)));
        Assert.Equal(CopyVerdict.Wait, watch.Observe(30, Start.AddSeconds(15)));
        Assert.Equal(CopyVerdict.Report, watch.Observe(40, Start.AddSeconds(20)));
        // Ten seconds on with nothing new: nothing to say.
        Assert.Equal(CopyVerdict.Wait, watch.Observe(40, Start.AddSeconds(30)));
    }
}
