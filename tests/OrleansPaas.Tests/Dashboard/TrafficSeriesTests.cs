using OrleansPaas.Dashboard.Live;
using OrleansPaas.Gateway.Sleep;

namespace OrleansPaas.Tests.Dashboard;

/// <summary>The dashboard's per-second traffic figures from the gateway's running counters.</summary>
public sealed class TrafficSeriesTests
{
    private readonly DateTimeOffset _start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OneSecond_OfKnownAnswers_GivesItsCounts_ClassesAndPercentiles()
    {
        var activity = new AppActivity();
        var series = new TrafficSeries(120);
        Answer(activity, 5, 200, TimeSpan.FromMilliseconds(1));
        // Counts from before the first reading are not one second's.
        series.Add(_start, TrafficCounters.Read(activity));
        Assert.Empty(series.Points());

        Answer(activity, 90, 200, TimeSpan.FromMilliseconds(3));
        Answer(activity, 6, 404, TimeSpan.FromMilliseconds(40));
        Answer(activity, 4, 502, TimeSpan.FromMilliseconds(300));
        series.Add(_start.AddSeconds(1), TrafficCounters.Read(activity));

        var point = Assert.Single(series.Points());
        Assert.Equal((100L, 90L, 0L, 6L, 4L, 0), (point.Requests, point.C2xx, point.C3xx, point.C4xx, point.C5xx, point.Open));
        // Bucket upper bounds: 3 ms falls in (2.5, 5], 40 ms in (25, 50].
        Assert.Equal(5, point.P50Ms);
        Assert.Equal(50, point.P95Ms);
        Assert.Equal(100, series.RecentRate(5));
    }

    [Fact]
    public void ASecondWithoutAnswers_HasNoPercentiles_AndTheRingKeepsOnlyItsCapacity()
    {
        var activity = new AppActivity();
        var series = new TrafficSeries(3);
        for (var second = 0; second <= 5; second++)
        {
            series.Add(_start.AddSeconds(second), TrafficCounters.Read(activity));
        }

        var points = series.Points();
        Assert.Equal([_start.AddSeconds(3), _start.AddSeconds(4), _start.AddSeconds(5)], points.Select(p => p.At));
        Assert.All(points, p => Assert.Null(p.P50Ms));
        Assert.Equal(0, series.RecentRate(5));
    }

    private static void Answer(AppActivity activity, int count, int status, TimeSpan took)
    {
        for (var i = 0; i < count; i++)
        {
            activity.Begin();
            activity.End(status, took);
        }
    }
}
