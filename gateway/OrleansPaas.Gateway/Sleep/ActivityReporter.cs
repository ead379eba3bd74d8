using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Configuration;
using OrleansPaas.Sleep;

namespace OrleansPaas.Gateway.Sleep;

/// <summary>
/// Tells the grains of apps that may sleep about their traffic through this gateway: every second it
/// reads the counters (no call), and an app with requests or open connections since its last report
/// is reported once per batch (a third of its idle time, 1–5 s). Apps without traffic cost nothing.
/// </summary>
public sealed partial class ActivityReporter(
    RouteSnapshotStore store,
    IGrainFactory grains,
    IOptions<PaasOptions> options,
    ILogger<ActivityReporter> logger) : BackgroundService
{
    private readonly Dictionary<string, Seen> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ActivityReporting.Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Look(DateTime.UtcNow);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One look at every counter; reports what is due.</summary>
    private void Look(DateTime now)
    {
        var routes = store.Current.MaySleep;
        foreach (var route in routes)
        {
            var requests = route.Activity.Requests;
            var open = route.Activity.Open;
            if (!_seen.TryGetValue(route.App, out var seen))
            {
                // Counting starts now: what came before was reported, or is older than anything that matters.
                _seen[route.App] = new Seen(requests, 0, DateTime.MinValue);
                continue;
            }

            var unreported = seen.Unreported + (requests - seen.Requests);
            var due = (unreported > 0 || open > 0) && now - seen.ReportedAt >= ActivityReporting.IntervalFor(route.SleepAfter!.Value);
            if (due)
            {
                Report(route.App, unreported, open);
            }

            _seen[route.App] = due ? new Seen(requests, 0, now) : seen with { Requests = requests, Unreported = unreported };
        }

        if (_seen.Count > routes.Count)
        {
            foreach (var gone in _seen.Keys.Where(app => routes.All(r => r.App != app)).ToList())
            {
                _seen.Remove(gone);
            }
        }
    }

    private void Report(string app, long requests, int open)
    {
        try
        {
            // One-way: the gateway never waits on an app's grain to keep counting.
            _ = grains.GetGrain<IAppGrain>(app).ReportActivityAsync(options.Value.NodeName, requests, open);
        }
        catch (Exception ex)
        {
            LogReportFailed(logger, app, ex.GetBaseException().Message);
        }
    }

    private sealed record Seen(long Requests, long Unreported, DateTime ReportedAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activity of {App} not reported: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, string app, string reason);
}
