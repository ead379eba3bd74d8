using OpenTelemetry.Exporter;
using OrleansPaas.Gateway.Telemetry;
using OrleansPaas.Configuration;

namespace OrleansPaas.Tests.Telemetry;

public sealed class OtlpTargetTests
{
    [Fact]
    public void From_Defaults_IsNoOtlp()
    {
        Assert.Null(OtlpTarget.From(new TelemetryOptions()));
    }

    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/traces", "http://collector:4318/v1/metrics")]
    [InlineData("https://otel.example.com/", "https://otel.example.com/v1/traces", "https://otel.example.com/v1/metrics")]
    [InlineData("http://collector:4318/otlp/", "http://collector:4318/otlp/v1/traces", "http://collector:4318/otlp/v1/metrics")]
    public void From_HttpProtobuf_SendsEachSignalToItsPathUnderTheBaseUrl(string endpoint, string traces, string metrics)
    {
        var target = OtlpTarget.From(new TelemetryOptions { OtlpEndpoint = endpoint })!;

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, target.Protocol);
        Assert.Equal((new Uri(traces), new Uri(metrics)), (target.Traces, target.Metrics));
        Assert.Equal(TimeSpan.FromMinutes(1), target.MetricsInterval);
    }

    [Fact]
    public void From_Grpc_SendsBothSignalsToTheEndpointAsItIs()
    {
        var target = OtlpTarget.From(new TelemetryOptions { OtlpEndpoint = "http://collector:4317", OtlpProtocol = "GRPC" })!;

        Assert.Equal(OtlpExportProtocol.Grpc, target.Protocol);
        Assert.Equal((new Uri("http://collector:4317"), new Uri("http://collector:4317")), (target.Traces, target.Metrics));
    }
}
