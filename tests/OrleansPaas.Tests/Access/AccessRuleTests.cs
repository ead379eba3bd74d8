using OrleansPaas.Access;

namespace OrleansPaas.Tests.Access;

public sealed class AccessRuleTests
{
    private static readonly PaasPrincipal ReadAll = new("viewer", PaasRole.Read, []);
    private static readonly PaasPrincipal DeployBlog = new("ci", PaasRole.Deploy, ["blog"]);

    [Fact]
    public void Refusal_ReadToken_MayLookButNotChange()
    {
        Assert.Null(AccessRule.Refusal(ReadAll, AccessNeed.Read("blog")));
        Assert.Equal("'viewer' has the role read; this needs deploy", AccessRule.Refusal(ReadAll, AccessNeed.Deploy("blog")));
    }

    [Fact]
    public void Refusal_DeployTokenOfOneApp_ChangesThatAppOnly_AndNothingAdmin()
    {
        Assert.Null(AccessRule.Refusal(DeployBlog, AccessNeed.Deploy("blog")));
        Assert.Equal("'ci' is limited to the apps blog; 'shop' is not one of them", AccessRule.Refusal(DeployBlog, AccessNeed.Deploy("shop")));
        Assert.Equal("'ci' has the role deploy; this needs admin", AccessRule.Refusal(DeployBlog, new AccessNeed(PaasRole.Admin, "blog")));
        Assert.NotNull(AccessRule.Refusal(DeployBlog, new AccessNeed(PaasRole.Read, EveryApp: true)));
    }

    [Fact]
    public void Refusal_Admin_MayDoEverything()
    {
        Assert.Null(AccessRule.Refusal(PaasPrincipal.Admin, AccessNeed.Admin));
        Assert.Null(AccessRule.Refusal(PaasPrincipal.Admin, new AccessNeed(PaasRole.Admin, "any", EveryApp: true)));
    }

    [Theory]
    [InlineData("admin", PaasRole.Admin)]
    [InlineData("Deploy", PaasRole.Deploy)]
    [InlineData(" read ", PaasRole.Read)]
    public void TryParse_TheThreeNames(string text, PaasRole expected)
    {
        Assert.True(PaasRoles.TryParse(text, out var role));
        Assert.Equal(expected, role);
    }

    [Fact]
    public void TryParse_AnythingElse_IsRefused() => Assert.False(PaasRoles.TryParse("owner", out _));
}
