using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;

namespace OrleansPaas.Tests.Configuration.Validation;

public sealed class ControlCertificateValidatorTests
{
    private readonly ControlCertificateValidator _validator = new();

    [Fact]
    public void Validate_PlainHttpControlPort_NeedsNoCertificate() =>
        Assert.True(_validator.Validate(null, new PaasOptions()).Succeeded);

    [Fact]
    public void Validate_HttpsWithAControlHost_WaitsForAcme() =>
        Assert.True(_validator.Validate(null, new PaasOptions { ControlUrls = "https://0.0.0.0:8444", ControlHost = "paas.example.com" }).Succeeded);

    [Fact]
    public void Validate_HttpsWithNeitherCertificateNorHost_SaysWhatToSet()
    {
        var result = _validator.Validate(null, new PaasOptions { ControlUrls = "https://0.0.0.0:8444" });

        Assert.Contains("Paas:ControlCertificate:Path", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_UnreadableCertificate_NamesTheSetting()
    {
        var options = new PaasOptions { ControlUrls = "https://0.0.0.0:8444", ControlCertificate = { Path = "/nonexistent/cert.pem", KeyPath = "/nonexistent/key.pem" } };

        var failure = Assert.Single(_validator.Validate(null, options).Failures!);

        Assert.StartsWith("Paas:ControlCertificate:Path / KeyPath could not be read", failure);
        Assert.DoesNotContain('\n', failure);
    }
}
