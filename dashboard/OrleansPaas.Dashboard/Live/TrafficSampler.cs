using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using OrleansPaas.Gateway.Routing;

namespace OrleansPaas.Dashboard.Live;

/// <summary>
/// Turns the gateway's running per-app counters (<see cref="OrleansPaas.Gateway.Sleep.AppActivity"/>,
/// interlocked, no lock on the request path) into per-second figures for the dashboard: once a
/// second it reads every app's counters and keeps the last two minutes of differences. The gateway
/// itself does no extra work for this.
/// </summary>
public sealed class TrafficSampler(RouteSnapshotStore routes, TimeProvider time) : BackgroundService
{
    public const int Seconds = 120;

    private readonly ConcurrentDictionary<string, TrafficSeries> _byApp = new(StringComparer.Ordinal);

    /// <summary>The app's last <see cref="Seconds"/> seconds through this node's gateway, oldest first.</summary>
    public IReadOnlyList<TrafficPoint> Series(string app) => _byApp.TryGetValue(app, out var series) ? series.Points() : [];

    /// <summary>Requests per second over the last five seconds through this node's gateway.</summary>
    public double RequestsPerSecond(string app) => _byApp.TryGetValue(app, out var series) ? series.RecentRate(5) : 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await tick.WaitForNextTickAsync(stoppingToken))
        {
            Sample(time.GetUtcNow());
        }
    }

    internal void Sample(DateTimeOffset now)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (app, activity) in routes.Activities.All)
        {
            seen.Add(app);
            _byApp.GetOrAdd(app, _ => new TrafficSeries(Seconds)).Add(now, TrafficCounters.Read(activity));
        }

        foreach (var gone in _byApp.Keys.Where(app => !seen.Contains(app)))
        {
            _byApp.TryRemove(gone, out _);
        }
    }
}
