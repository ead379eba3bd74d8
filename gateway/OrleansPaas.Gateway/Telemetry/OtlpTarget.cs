using OpenTelemetry.Exporter;
using OrleansPaas.Grains.Configuration;

namespace OrleansPaas.Gateway.Telemetry;

/// <summary>
/// Where <c>Paas:Telemetry:OtlpEndpoint</c> sends traces and metrics. The setting is a base URL, like
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; the exporter uses an endpoint given in code as it is, so over
/// http/protobuf each signal's path is added here (gRPC has one endpoint for both).
/// </summary>
public sealed record OtlpTarget(OtlpExportProtocol Protocol, Uri Traces, Uri Metrics, TimeSpan MetricsInterval)
{
    public const string HttpProtobuf = "http/protobuf";
    public const string Grpc = "grpc";

    /// <summary>Null when no endpoint is set. The settings must have passed <see cref="Problem"/>.</summary>
    public static OtlpTarget? From(TelemetryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return null;
        }

        var endpoint = new Uri(options.OtlpEndpoint.Trim(), UriKind.Absolute);
        return IsGrpc(options)
            ? new OtlpTarget(OtlpExportProtocol.Grpc, endpoint, endpoint, options.OtlpMetricsInterval)
            : new OtlpTarget(OtlpExportProtocol.HttpProtobuf, Signal(endpoint, "v1/traces"), Signal(endpoint, "v1/metrics"), options.OtlpMetricsInterval);
    }

    /// <summary>Everything wrong with the OTLP settings, in one message; null when they are fine or unset.</summary>
    public static string? Problem(TelemetryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return null;
        }

        var problems = new List<string>();
        if (!Uri.TryCreate(options.OtlpEndpoint.Trim(), UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(endpoint.Host))
        {
            problems.Add($"Paas:Telemetry:OtlpEndpoint must be an http:// or https:// URL such as http://collector:4318 (it is '{options.OtlpEndpoint}').");
        }

        if (!IsGrpc(options) && !string.Equals(options.OtlpProtocol, HttpProtobuf, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Paas:Telemetry:OtlpProtocol must be {HttpProtobuf} or {Grpc} (it is '{options.OtlpProtocol}').");
        }

        // The exporter takes the interval in whole milliseconds, as an int.
        if (options.OtlpMetricsInterval < TimeSpan.FromMilliseconds(100) || options.OtlpMetricsInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"Paas:Telemetry:OtlpMetricsInterval must be between 00:00:00.1 and 1.00:00:00 (it is {options.OtlpMetricsInterval}).");
        }

        return problems.Count == 0 ? null : string.Join(" ", problems);
    }

    private static bool IsGrpc(TelemetryOptions options) => string.Equals(options.OtlpProtocol, Grpc, StringComparison.OrdinalIgnoreCase);

    private static Uri Signal(Uri endpoint, string path) => new(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path);
}
