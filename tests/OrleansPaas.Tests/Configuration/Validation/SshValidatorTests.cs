using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;

namespace OrleansPaas.Tests.Configuration.Validation;

public sealed class SshValidatorTests
{
    private readonly SshValidator _validator = new();

    [Fact]
    public void Validate_Defaults_SshIsOffAndValid() => Assert.True(_validator.Validate(null, new PaasOptions()).Succeeded);

    [Theory]
    [InlineData("0.0.0.0:2222")]
    [InlineData("127.0.0.1:22")]
    [InlineData("[::]:2222")]
    public void Validate_AddressAndPort_Succeed(string listen) =>
        Assert.True(_validator.Validate(null, new PaasOptions { Ssh = { Listen = listen } }).Succeeded);

    [Fact]
    public void Validate_EverythingWrong_NamesEverySettingOnceEach()
    {
        var options = new PaasOptions { Ssh = { Listen = "localhost:2222", User = "root" } };

        var result = _validator.Validate(null, options);

        Assert.Collection(result.Failures!,
            f => Assert.StartsWith("Paas:Ssh:Listen must be ADDRESS:PORT", f),
            f => Assert.StartsWith("Paas:Ssh:User must be a system user name other than root", f));
    }

    [Theory]
    [InlineData("2222")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    public void Validate_WithoutAPort_IsRefused(string listen) =>
        Assert.False(_validator.Validate(null, new PaasOptions { Ssh = { Listen = listen } }).Succeeded);
}
