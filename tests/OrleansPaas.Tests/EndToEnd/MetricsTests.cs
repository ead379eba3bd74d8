using System.Globalization;
using System.Net;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary><c>/metrics</c> on the control port, scraped after known traffic: the counts are the traffic's.</summary>
[Collection(NodeCollection.Name)]
public sealed class MetricsTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Metrics_AfterKnownTraffic_CountRequestsByStatusClassLatencyTheBuildAndTheInstancesMemory_OnlyWithTheToken()
    {
        var app = NodeFixture.NewAppName("metered");
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "counted");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        // The answers' declared body lengths, which the gateway counts as bytes out.
        long declared = 0;
        foreach (var (path, status) in Enumerable.Repeat(("/", HttpStatusCode.OK), 5).Concat(Enumerable.Repeat(("/missing", HttpStatusCode.NotFound), 3)))
        {
            using var answer = await Node.GetResponseAsync(host, path);
            Assert.Equal(status, answer.StatusCode);
            // A chunked answer declares no length (HttpClient would still compute one from the buffered body).
            declared += answer.Headers.TransferEncodingChunked == true ? 0 : answer.Content.Headers.ContentLength ?? 0;
        }

        Assert.True(declared >= 5 * "counted\n".Length);

        using (var anonymous = new HttpClient())
        using (var refused = await anonymous.GetAsync($"{Node.ControlUrl}/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var api = Node.Api();
        var text = await Poll.UntilAsync(() => api.GetStringAsync("/metrics"),
            t => Value(t, "paas_gateway_requests_total", app, "status_class=\"2xx\"") == 5 && Value(t, "paas_gateway_requests_total", app, "status_class=\"4xx\"") == 3,
            TimeSpan.FromSeconds(15), "the gateway's counts in /metrics");

        Assert.Equal(0, Value(text, "paas_gateway_requests_total", app, "status_class=\"5xx\""));
        Assert.Equal(8, Value(text, "paas_gateway_request_duration_seconds_count", app));
        Assert.Equal(0, Value(text, "paas_gateway_open_requests", app));
        Assert.Equal(declared, Value(text, "paas_gateway_bytes_total", app, "direction=\"out\""));
        Assert.Equal(0, Value(text, "paas_gateway_bytes_total", app, "direction=\"in\""));
        Assert.Equal(1, Value(text, "paas_builds_total", app, "result=\"succeeded\""));
        Assert.Equal(1, Value(text, "paas_build_duration_seconds_count", app, "result=\"succeeded\""));
        Assert.True(Value(text, "paas_node_process_memory_bytes") > 10_000_000, "the node process's memory");

        // Node figures are sampled in the background (every 10 s): the app's instance shows up with its memory.
        text = await Poll.UntilAsync(() => api.GetStringAsync("/metrics"), t => Value(t, "paas_app_container_memory_bytes", app, "instance=\"web.1\"") > 0,
            TimeSpan.FromSeconds(30), "the instance's memory in /metrics");
        Assert.True(Value(text, "paas_node_containers", null, "state=\"running\"") >= 1);
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include the app's and every one given; null when there is none.</summary>
    private static double? Value(string text, string name, string? app = null, params string[] labels)
    {
        var wanted = (app is null ? labels : [$"app=\"{app}\"", .. labels]).ToList();
        var samples = text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => wanted.All(label => line.Contains(label, StringComparison.Ordinal)))
            .ToList();
        return samples.Count == 1
            ? double.Parse(samples[0].Split(' ')[1], CultureInfo.InvariantCulture)
            : samples.Count == 0 ? null : throw new InvalidOperationException($"{samples.Count} samples match {name} {string.Join(',', wanted)}");
    }
}
