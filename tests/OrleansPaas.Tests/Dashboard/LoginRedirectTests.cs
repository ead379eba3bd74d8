using OrleansPaas.Dashboard.Session;

namespace OrleansPaas.Tests.Dashboard;

/// <summary>After logging in, the form only ever sends the browser to a path on this server.</summary>
public sealed class LoginRedirectTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/apps/blog", true)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example/", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("/\t/evil.example", false)]
    [InlineData("/\r\n/evil.example", false)]
    [InlineData("~/apps", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ReturnUrl_OnlyALocalPath_IsFollowed(string? url, bool followed) =>
        Assert.Equal(followed, LoginEndpoints.IsLocalPath(url));
}
