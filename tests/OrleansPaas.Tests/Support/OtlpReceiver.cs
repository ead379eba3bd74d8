using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// A stand-in for an OpenTelemetry Collector on loopback: accepts OTLP over http/protobuf on
/// <c>/v1/traces</c> and <c>/v1/metrics</c> and keeps every request body, undecoded.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _traces = new();
    private readonly ConcurrentQueue<byte[]> _metrics = new();

    private OtlpReceiver(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base URL, as <c>Paas:Telemetry:OtlpEndpoint</c> takes it.</summary>
    public string Endpoint { get; }

    public IReadOnlyList<byte[]> Traces => _traces.ToList();

    public IReadOnlyList<byte[]> Metrics => _metrics.ToList();

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans => Traces.SelectMany(OtlpSpan.ReadAll).ToList();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, $"http://127.0.0.1:{port}");
        app.MapPost("/v1/traces", context => KeepAsync(context, receiver._traces));
        app.MapPost("/v1/metrics", context => KeepAsync(context, receiver._metrics));
        await app.StartAsync();
        return receiver;
    }

    private static async Task KeepAsync(HttpContext context, ConcurrentQueue<byte[]> into)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        into.Enqueue(body.ToArray());
        // An empty Export*ServiceResponse: success, nothing rejected.
        context.Response.ContentType = "application/x-protobuf";
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
