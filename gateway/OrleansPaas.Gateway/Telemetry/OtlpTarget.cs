using OpenTelemetry.Exporter;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Telemetry;

/// <summary>
/// Where <c>Paas:Telemetry:OtlpEndpoint</c> sends traces and metrics. The setting is a base URL, like
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; the exporter uses an endpoint given in code as it is, so over
/// http/protobuf each signal's path is added here (gRPC has one endpoint for both).
/// </summary>
public sealed record OtlpTarget(OtlpExportProtocol Protocol, Uri Traces, Uri Metrics, TimeSpan MetricsInterval)
{
    /// <summary>Null when no endpoint is set. The settings must have passed <see cref="OrleansPaas.Configuration.Validation.TelemetryValidator"/>.</summary>
    public static OtlpTarget? From(TelemetryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return null;
        }

        var endpoint = new Uri(options.OtlpEndpoint.Trim(), UriKind.Absolute);
        return options.IsGrpc
            ? new OtlpTarget(OtlpExportProtocol.Grpc, endpoint, endpoint, options.OtlpMetricsInterval)
            : new OtlpTarget(OtlpExportProtocol.HttpProtobuf, Signal(endpoint, "v1/traces"), Signal(endpoint, "v1/metrics"), options.OtlpMetricsInterval);
    }

    private static Uri Signal(Uri endpoint, string path) => new(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path);
}
