using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Tests.Configuration;

public sealed class PaasOptionsReaderTests
{
    [Fact]
    public void ReadValidated_NothingSet_IsTheDefaults()
    {
        var options = PaasOptionsReader.ReadValidated(Settings([]));

        Assert.Equal("localhost", options.Domain);
        Assert.Equal("https://0.0.0.0:8443", options.GatewayHttpsUrls);
        Assert.Equal(11111, options.Cluster.SiloPort);
    }

    [Fact]
    public void ReadValidated_KeysOfTheReadme_BindAsBefore()
    {
        var options = PaasOptionsReader.ReadValidated(Settings(new()
        {
            ["Paas:GatewayUrls"] = "http://127.0.0.1:9080",
            ["Paas:Cluster:SiloPort"] = "12000",
            ["Paas:Sleep:IdleAfter"] = "00:15:00",
            ["Paas:Git:MaxPushBytes"] = "1024",
            ["Paas:Build:DefaultBuildpacks:0"] = "https://example.test/pack.git",
            ["Paas:Telemetry:OtlpEndpoint"] = "http://collector:4318",
        }));

        Assert.Equal("http://127.0.0.1:9080", options.GatewayUrls);
        Assert.Equal(12000, options.Cluster.SiloPort);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Sleep.IdleAfter);
        Assert.Equal(1024, options.Git.MaxPushBytes);
        Assert.Equal(["https://example.test/pack.git"], options.Build.EffectiveDefaultBuildpacks);
        Assert.Equal("http://collector:4318", options.Telemetry.OtlpEndpoint);
    }

    [Fact]
    public void ReadValidated_SeveralProblems_ReportsEveryOneAsOneSentenceNamingItsSetting()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => PaasOptionsReader.ReadValidated(Settings(new()
        {
            ["Paas:GatewayUrls"] = "http://gateway.example:8080",
            ["Paas:AdminToken"] = "short",
            ["Paas:Cluster:PostgresConnectionString"] = "Host=127.0.0.1;Database=nowhere",
            ["Paas:NodeAddress"] = "x",
            ["Paas:Telemetry:OtlpEndpoint"] = "collector:4318",
        })));

        Assert.Collection(failure.Failures,
            f => Assert.StartsWith("Paas:GatewayUrls: 'http://gateway.example:8080' must name an IP address", f),
            f => Assert.StartsWith("Paas:AdminToken is shorter than 32 characters", f),
            f => Assert.StartsWith("Paas:NodeAddress 'x' is not an IP address", f),
            f => Assert.StartsWith("Cluster mode needs the cluster certificate", f),
            f => Assert.StartsWith("Paas:Telemetry:OtlpEndpoint must be an http:// or https:// URL", f));
        Assert.All(failure.Failures, f => Assert.DoesNotContain('\n', f));
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
