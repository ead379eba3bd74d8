using System.Diagnostics.Metrics;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.NodeServices.Telemetry;

namespace OrleansPaas.Gateway.Telemetry;

/// <summary>
/// The gateway's figures per app on the platform's meter. Requests by status class and open
/// requests are read from the per-app counters the request path keeps anyway (observed at scrape
/// time, nothing extra per request); only the latency histogram is recorded per request.
/// </summary>
public sealed class GatewayMetrics
{
    private readonly Histogram<double> _duration;
    private readonly bool _latency;

    public GatewayMetrics(PaasMetrics metrics, RouteSnapshotStore routes, Microsoft.Extensions.Options.IOptions<OrleansPaas.Configuration.PaasOptions> options)
    {
        _latency = options.Value.Telemetry.RequestLatency;
        var meter = metrics.Meter;
        _duration = meter.CreateHistogram<double>("paas.gateway.request.duration", "s", "Time from a request's arrival at the gateway to the end of its answer",
            // The same buckets as the per-app counters the dashboard reads (one list, in ms there).
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = OrleansPaas.Gateway.Sleep.AppActivity.LatencyBoundsMs.Select(ms => ms / 1000).ToArray() });
        meter.CreateObservableCounter("paas.gateway.requests", () => Answered(routes), "{request}", "Requests the gateway answered for each app, by status class");
        meter.CreateObservableCounter("paas.gateway.bytes", () => Bytes(routes), "By",
            "Body bytes through the gateway for each app, by direction (in: requests, out: answers); only bodies with a declared Content-Length");
        meter.CreateObservableUpDownCounter("paas.gateway.open_requests", () => Open(routes), "{request}", "Requests (WebSockets, streams) open now");
    }

    public void Record(string app, TimeSpan took)
    {
        if (_latency)
        {
            _duration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("app", app));
        }
    }

    private static IEnumerable<Measurement<long>> Answered(RouteSnapshotStore routes)
    {
        foreach (var (app, activity) in routes.Activities.All)
        {
            for (var hundreds = 1; hundreds <= 5; hundreds++)
            {
                yield return new Measurement<long>(activity.Answered(hundreds),
                    new KeyValuePair<string, object?>("app", app), new KeyValuePair<string, object?>("status_class", $"{hundreds}xx"));
            }
        }
    }

    private static IEnumerable<Measurement<long>> Bytes(RouteSnapshotStore routes)
    {
        foreach (var (app, activity) in routes.Activities.All)
        {
            yield return new Measurement<long>(activity.RequestBytes, new KeyValuePair<string, object?>("app", app), new KeyValuePair<string, object?>("direction", "in"));
            yield return new Measurement<long>(activity.ResponseBytes, new KeyValuePair<string, object?>("app", app), new KeyValuePair<string, object?>("direction", "out"));
        }
    }

    private static IEnumerable<Measurement<int>> Open(RouteSnapshotStore routes) =>
        routes.Activities.All.Select(a => new Measurement<int>(a.Value.Open, new KeyValuePair<string, object?>("app", a.Key)));
}
