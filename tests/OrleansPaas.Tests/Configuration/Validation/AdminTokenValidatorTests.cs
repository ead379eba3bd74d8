using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;

namespace OrleansPaas.Tests.Configuration.Validation;

public sealed class AdminTokenValidatorTests
{
    private readonly AdminTokenValidator _validator = new();

    [Theory]
    [InlineData(null)]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public void Validate_UnsetOrLongEnoughOnOneNode_Succeeds(string? token) =>
        Assert.True(_validator.Validate(null, new PaasOptions { AdminToken = token }).Succeeded);

    [Fact]
    public void Validate_Short_SaysHowLongAndHowToMakeOne()
    {
        var result = _validator.Validate(null, new PaasOptions { AdminToken = "too-short" });

        Assert.Equal(["Paas:AdminToken is shorter than 32 characters: set a longer secret (e.g. openssl rand -hex 32) or remove it to use the generated one."],
            result.Failures);
    }

    [Fact]
    public void Validate_UnsetInACluster_AsksForTheSharedSecret()
    {
        var result = _validator.Validate(null, new PaasOptions { Cluster = { PostgresConnectionString = "Host=db" } });

        Assert.StartsWith("Paas:AdminToken must be set to the same secret", Assert.Single(result.Failures!));
    }
}
