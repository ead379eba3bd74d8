using System.Net;
using System.Text;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// <c>Paas:Telemetry:OtlpEndpoint</c> pointed at a stand-in collector: a push arrives as one trace from
/// its receive to its route switch, a request through the gateway as a span the app can continue, and
/// the platform's metrics arrive too.
/// </summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private OtlpReceiver _receiver = null!;
    private PaasNode _node = null!;

    public async Task InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        _node = new PaasNode(settings: [$"--Paas:Telemetry:OtlpEndpoint={_receiver.Endpoint}", "--Paas:Telemetry:OtlpMetricsInterval=00:00:01"]);
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Otlp_PushAndRequests_ArriveAsOneTraceFromReceiveToRouted_AGatewaySpanPerRequest_AndThePlatformsMetrics()
    {
        var app = NodeFixture.NewAppName("traced");
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "traced");
        var commit = await source.HeadAsync();
        var push = await source.PushAsync(_node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Equal(HttpStatusCode.OK, (await _node.GetAsync(host)).Status);
        var (status, env) = await _node.GetAsync(host, "/cgi-bin/env");
        Assert.Equal(HttpStatusCode.OK, status);

        var spans = await Poll.UntilAsync(() => Task.FromResult(_receiver.Spans),
            s => s.Any(x => x.Name == "push" && x["app"] == app) && s.Count(x => x.Name == "gateway request" && x["app"] == app) == 2,
            TimeSpan.FromSeconds(30), "the push's and the requests' spans at the collector");

        // One trace: push → pre-receive (through git and its hook) → the app grain's job → its steps.
        var root = Assert.Single(spans, s => s.Name == "push" && s["app"] == app);
        Assert.Equal("", root.ParentSpanId);
        var trace = spans.Where(s => s.TraceId == root.TraceId).ToList();
        var hook = Assert.Single(trace, s => s.Name == "pre-receive");
        Assert.Equal(root.SpanId, hook.ParentSpanId);
        Assert.Equal((commit, "accepted"), (hook["commit"], hook["result"]));
        var job = Assert.Single(trace, s => s.Name == "build and deploy");
        Assert.Equal(hook.SpanId, job.ParentSpanId);
        Assert.Equal((app, commit, "succeeded"), (job["app"], job["commit"], job["result"]));
        Assert.Equal("succeeded", Assert.Single(trace, s => s.Name == "build" && s.ParentSpanId == job.SpanId)["result"]);
        Assert.Equal("1", Assert.Single(trace, s => s.Name == "release" && s.ParentSpanId == job.SpanId)["release"]);
        var deploy = Assert.Single(trace, s => s.Name == "deploy" && s.ParentSpanId == job.SpanId);
        Assert.Equal(("1", "succeeded"), (deploy["release"], deploy["result"]));
        Assert.Single(trace, s => s.Name == "start instances" && s.ParentSpanId == deploy.SpanId);
        Assert.Equal("routed", Assert.Single(trace, s => s.Name == "switch routes" && s.ParentSpanId == deploy.SpanId)["result"]);

        // Each request is a span of its own, and the app was handed that span as its parent.
        var requests = spans.Where(s => s.Name == "gateway request" && s["app"] == app).ToList();
        Assert.All(requests, r =>
        {
            Assert.Equal((host, "GET", "200"), (r["host"], r["http.request.method"], r["http.response.status_code"]));
            Assert.StartsWith("http://", r["upstream"]);
        });
        Assert.Contains(requests, r => env.Contains($"HTTP_TRACEPARENT=00-{r.TraceId}-{r.SpanId}-01", StringComparison.Ordinal));

        // The platform's meter, as on /metrics (the names are plain UTF-8 in the protobuf body).
        await Poll.UntilAsync(() => Task.FromResult(_receiver.Metrics.Select(Encoding.UTF8.GetString).ToList()),
            bodies => new[] { "paas.builds", "paas.build.duration", "paas.deploy.duration", "paas.gateway.requests", "paas.gateway.request.duration" }
                .All(name => bodies.Any(b => b.Contains(name, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the platform's metrics at the collector");
    }
}
