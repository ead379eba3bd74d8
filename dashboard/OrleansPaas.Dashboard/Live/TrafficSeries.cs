using OrleansPaas.Gateway.Sleep;

namespace OrleansPaas.Dashboard.Live;

/// <summary>One app's gateway counters at one moment (totals since the gateway started).</summary>
public sealed record TrafficCounters(long Requests, long C2xx, long C3xx, long C4xx, long C5xx, int Open, long[] Latency)
{
    public static TrafficCounters Read(AppActivity activity) =>
        new(activity.Requests, activity.Answered(2), activity.Answered(3), activity.Answered(4), activity.Answered(5), activity.Open,
            Enumerable.Range(0, AppActivity.LatencyBoundsMs.Length + 1).Select(activity.AnsweredWithin).ToArray());
}

/// <summary>
/// One second of an app's traffic: requests started, answers by status class, what was still
/// open, and the median and 95th percentile of that second's answer times (null without answers).
/// </summary>
public sealed record TrafficPoint(DateTimeOffset At, long Requests, long C2xx, long C3xx, long C4xx, long C5xx, int Open, double? P50Ms, double? P95Ms)
{
    /// <summary>
    /// The time within which <paramref name="share"/> of the answers came, as the upper bound of the
    /// bucket it falls in (what a fixed-bucket histogram can say; Prometheus' histogram_quantile
    /// interpolates inside the bucket instead). Beyond the last bound it says the last bound.
    /// </summary>
    public static double? Percentile(IReadOnlyList<long> buckets, double share)
    {
        var total = buckets.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Ceiling(share * total);
        long seen = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            seen += buckets[i];
            if (seen >= rank)
            {
                return AppActivity.LatencyBoundsMs[Math.Min(i, AppActivity.LatencyBoundsMs.Length - 1)];
            }
        }

        return AppActivity.LatencyBoundsMs[^1];
    }
}

/// <summary>A fixed ring of per-second differences; written by the sampler, read by feeds (a lock: off the request path).</summary>
public sealed class TrafficSeries(int capacity)
{
    private readonly TrafficPoint[] _ring = new TrafficPoint[capacity];
    private int _next;
    private int _count;
    private TrafficCounters? _last;

    public void Add(DateTimeOffset at, TrafficCounters now)
    {
        lock (_ring)
        {
            // The first reading only sets the base: counts from before the dashboard watched are not one second's.
            if (_last is { } last)
            {
                var latency = now.Latency.Zip(last.Latency, (a, b) => a - b).ToArray();
                _ring[_next] = new TrafficPoint(at, now.Requests - last.Requests, now.C2xx - last.C2xx, now.C3xx - last.C3xx,
                    now.C4xx - last.C4xx, now.C5xx - last.C5xx, now.Open,
                    TrafficPoint.Percentile(latency, 0.5), TrafficPoint.Percentile(latency, 0.95));
                _next = (_next + 1) % _ring.Length;
                _count = Math.Min(_count + 1, _ring.Length);
            }

            _last = now;
        }
    }

    public IReadOnlyList<TrafficPoint> Points()
    {
        lock (_ring)
        {
            var points = new TrafficPoint[_count];
            for (var i = 0; i < _count; i++)
            {
                points[i] = _ring[(_next - _count + i + _ring.Length) % _ring.Length];
            }

            return points;
        }
    }

    public double RecentRate(int seconds)
    {
        var points = Points();
        var recent = points.Skip(Math.Max(0, points.Count - seconds)).ToList();
        return recent.Count == 0 ? 0 : recent.Sum(p => p.Requests) / (double)recent.Count;
    }
}
