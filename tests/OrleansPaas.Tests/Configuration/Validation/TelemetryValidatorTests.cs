using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;

namespace OrleansPaas.Tests.Configuration.Validation;

public sealed class TelemetryValidatorTests
{
    private readonly TelemetryValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(_validator.Validate(null, new PaasOptions()).Succeeded);

    [Fact]
    public void Validate_EverythingWrong_NamesEverySettingOnceEach()
    {
        var options = new PaasOptions
        {
            Telemetry = { OtlpEndpoint = "collector:4318", OtlpProtocol = "http/json", OtlpMetricsInterval = TimeSpan.Zero },
        };

        var result = _validator.Validate(null, options);

        Assert.Collection(result.Failures!,
            f => Assert.StartsWith("Paas:Telemetry:OtlpEndpoint", f),
            f => Assert.StartsWith("Paas:Telemetry:OtlpProtocol", f),
            f => Assert.StartsWith("Paas:Telemetry:OtlpMetricsInterval", f));
    }

    [Fact]
    public void Validate_ProtocolAndIntervalWithoutAnEndpoint_AreNotLookedAt()
    {
        var options = new PaasOptions { Telemetry = { OtlpProtocol = "nonsense", OtlpMetricsInterval = TimeSpan.Zero } };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }
}
