using OrleansPaas.Apps;
using OrleansPaas.Grains.Apps;

namespace OrleansPaas.Tests.Apps;

/// <summary>The domain sentences without a grain (claims themselves are covered by the grain tests).</summary>
public sealed class DomainClaimsTests
{
    [Theory]
    [InlineData("www.example.com")]
    [InlineData("WWW.Example.COM.")]
    public void Refusal_HostName_IsNull(string domain)
    {
        Assert.Null(DomainClaims.Refusal(domain));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("bad_name.example.com")]
    [InlineData("")]
    public void Refusal_NotAHostNameWithADot_IsInvalidOnTheDomainField(string domain)
    {
        var refusal = DomainClaims.Refusal(domain);

        Assert.Equal(AppCommandResult.Invalid("domain", DomainName.Validate(domain)!), refusal);
    }

    [Fact]
    public void NotListed_NamesTheAppAndTheHost()
    {
        var refusal = DomainClaims.NotListed(AppName.Parse("blog"), "www.example.com");

        Assert.Equal(new AppCommandResult(AppCommandStatus.NotFound, "app 'blog' has no domain 'www.example.com'", "domain", null), refusal);
    }
}
