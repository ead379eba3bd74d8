using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary>The OTLP settings, looked at only when an endpoint is set (without one nothing is exported).</summary>
public sealed class TelemetryValidator : IValidateOptions<PaasOptions>
{
    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        var telemetry = options.Telemetry;
        if (string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint))
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (!Uri.TryCreate(telemetry.OtlpEndpoint.Trim(), UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(endpoint.Host))
        {
            problems.Add($"Paas:Telemetry:OtlpEndpoint must be an http:// or https:// URL such as http://collector:4318 (it is '{telemetry.OtlpEndpoint}').");
        }

        if (!telemetry.IsGrpc && !string.Equals(telemetry.OtlpProtocol, TelemetryOptions.HttpProtobuf, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Paas:Telemetry:OtlpProtocol must be {TelemetryOptions.HttpProtobuf} or {TelemetryOptions.Grpc} (it is '{telemetry.OtlpProtocol}').");
        }

        // The exporter takes the interval in whole milliseconds, as an int.
        if (telemetry.OtlpMetricsInterval < TimeSpan.FromMilliseconds(100) || telemetry.OtlpMetricsInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"Paas:Telemetry:OtlpMetricsInterval must be between 00:00:00.1 and 1.00:00:00 (it is {telemetry.OtlpMetricsInterval}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
