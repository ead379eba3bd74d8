namespace OrleansPaas.Configuration;

public sealed class TelemetryOptions
{
    public const string HttpProtobuf = "http/protobuf";
    public const string Grpc = "grpc";

    /// <summary>
    /// The gateway's per-request latency histogram on <c>/metrics</c> (the OpenTelemetry
    /// instrument). Off, only the per-app interlocked counters stay (status classes, open requests,
    /// bytes, and the latency buckets the dashboard's p50/p95 come from), which sleeping apps and
    /// the dashboard need.
    /// </summary>
    public bool RequestLatency { get; set; } = true;

    /// <summary>
    /// Unset: no OTLP and no tracing at all. Set: the platform's metrics are also sent over OTLP, and
    /// its traces (pushes, gateway requests) too. A base URL, as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is:
    /// over http/protobuf the signals go to <c>/v1/traces</c> and <c>/v1/metrics</c> under it.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (port 4318 of a collector) or <c>grpc</c> (port 4317).</summary>
    public string OtlpProtocol { get; set; } = HttpProtobuf;

    public bool IsGrpc => string.Equals(OtlpProtocol, Grpc, StringComparison.OrdinalIgnoreCase);

    /// <summary>How often the metrics are sent over OTLP (OpenTelemetry's default); traces go in batches within seconds.</summary>
    public TimeSpan OtlpMetricsInterval { get; set; } = TimeSpan.FromMinutes(1);
}
