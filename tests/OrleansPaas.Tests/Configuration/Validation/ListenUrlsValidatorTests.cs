using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;

namespace OrleansPaas.Tests.Configuration.Validation;

public sealed class ListenUrlsValidatorTests
{
    private readonly ListenUrlsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(_validator.Validate(null, new PaasOptions()).Succeeded);

    [Fact]
    public void Validate_EveryFormTheReadmeShows_Succeeds()
    {
        var options = new PaasOptions
        {
            GatewayUrls = "http://+:80; http://[::]:8080",
            GatewayHttpsUrls = "",
            ControlUrls = "http://localhost:8081;https://*:8444",
        };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_EveryBadUrl_IsOneFailureNamingItsSetting()
    {
        var options = new PaasOptions
        {
            GatewayUrls = "https://0.0.0.0:8080",
            GatewayHttpsUrls = "https://host.example:8443",
            ControlUrls = "http://control.example:8081",
            Cluster = { SiloPort = 70000, InternalPort = 0 },
        };

        var result = _validator.Validate(null, options);

        Assert.Equal(
        [
            "Paas:GatewayUrls: 'https://0.0.0.0:8080' is not a http://ADDRESS:PORT URL.",
            "Paas:GatewayHttpsUrls: 'https://host.example:8443' must name an IP address (0.0.0.0, [::], 127.0.0.1, …) or localhost.",
            "Paas:ControlUrls: 'http://control.example:8081' must name an IP address (0.0.0.0, [::], 127.0.0.1, …) or localhost.",
            "Paas:Cluster:SiloPort 70000 is not a TCP port: set it to a free port between 1 and 65535.",
            "Paas:Cluster:InternalPort 0 is not a TCP port: set it to a free port between 1 and 65535.",
        ], result.Failures);
    }

    [Fact]
    public void Validate_InternalPortSameAsSiloPort_IsOneFailure()
    {
        var result = _validator.Validate(null, new PaasOptions { Cluster = { SiloPort = 12000, InternalPort = 12000 } });

        Assert.Equal(["Paas:Cluster:InternalPort 12000 is also Paas:Cluster:SiloPort: set it to another free port."], result.Failures);
    }
}
