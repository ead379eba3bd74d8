using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using OrleansPaas.NodeServices.Telemetry;

namespace OrleansPaas.Gateway.Telemetry;

/// <summary>
/// The span of one request through the gateway. Made only while something listens to the platform's
/// ActivitySource (OTLP on): with tracing off, a request pays one <c>HasListeners</c> check and nothing else.
/// </summary>
public static class GatewaySpan
{
    public const string Name = "gateway request";

    /// <summary>Null when nothing listens.</summary>
    public static Activity? Start(HttpContext context, string app)
    {
        if (!PaasTracing.Source.HasListeners())
        {
            return null;
        }

        // A caller that traces its own requests keeps its trace: the gateway is one hop of it.
        var request = context.Request;
        var span = PaasTracing.Start(Name, ActivityKind.Server, PaasTracing.Parse(request.Headers.TraceParent, request.Headers.TraceState));
        return span?.SetTag("app", app).SetTag("host", request.Host.Host).SetTag("http.request.method", request.Method);
    }

    /// <summary>The instance the request went to (set again when it is retried on another).</summary>
    public static void Upstream(Activity? span, string destination) => span?.SetTag("upstream", destination);

    public static void End(Activity span, int statusCode)
    {
        span.SetTag("http.response.status_code", statusCode);
        if (statusCode >= 500)
        {
            span.SetStatus(ActivityStatusCode.Error);
        }

        span.Dispose();
    }

    /// <summary>
    /// Tells the app which span its request came from (W3C <c>traceparent</c>, replacing the caller's),
    /// so an app that traces continues the trace. Nothing changes while the gateway does not trace.
    /// </summary>
    public static void Propagate(HttpRequestHeaders headers)
    {
        if (Activity.Current is not { } span || span.Source != PaasTracing.Source)
        {
            return;
        }

        headers.Remove("traceparent");
        headers.Remove("tracestate");
        headers.TryAddWithoutValidation("traceparent", span.Id);
        if (span.TraceStateString is { } state)
        {
            headers.TryAddWithoutValidation("tracestate", state);
        }
    }
}
