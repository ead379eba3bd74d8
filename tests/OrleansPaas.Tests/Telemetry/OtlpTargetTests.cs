using OpenTelemetry.Exporter;
using OrleansPaas.Gateway.Telemetry;
using OrleansPaas.Configuration;

namespace OrleansPaas.Tests.Telemetry;

public sealed class OtlpTargetTests
{
    [Fact]
    public void From_Defaults_IsNoOtlpAndNoProblem()
    {
        var options = new TelemetryOptions();

        Assert.Null(OtlpTarget.Problem(options));
        Assert.Null(OtlpTarget.From(options));
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

    [Fact]
    public void Problem_EverythingWrong_NamesEverySettingAtOnce()
    {
        var problem = OtlpTarget.Problem(new TelemetryOptions
        {
            OtlpEndpoint = "collector:4318",
            OtlpProtocol = "http/json",
            OtlpMetricsInterval = TimeSpan.Zero,
        });

        Assert.NotNull(problem);
        Assert.Contains("Paas:Telemetry:OtlpEndpoint", problem);
        Assert.Contains("Paas:Telemetry:OtlpProtocol", problem);
        Assert.Contains("Paas:Telemetry:OtlpMetricsInterval", problem);
    }

    [Fact]
    public void Problem_ProtocolAndIntervalWithoutAnEndpoint_AreNotLookedAt()
    {
        Assert.Null(OtlpTarget.Problem(new TelemetryOptions { OtlpProtocol = "nonsense", OtlpMetricsInterval = TimeSpan.Zero }));
    }
}
