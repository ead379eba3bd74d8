using OrleansPaas.Cli.Checkout;

namespace OrleansPaas.Cli.Tests.Checkout;

public class PlatformRemoteTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8081/blog.git", "http://127.0.0.1:8081", "blog")]
    [InlineData("http://paas:secret@127.0.0.1:8081/blog.git", "http://127.0.0.1:8081", "blog")]
    [InlineData("http://localhost:8081/blog.git/", "http://127.0.0.1:8081", "blog")]
    [InlineData("https://PaaS.example.com/www.example.com.git", "https://paas.example.com", "www.example.com")]
    [InlineData("https://paas.example.com/admin/blog.git", "https://paas.example.com/admin", "blog")]
    [InlineData("paas@paas.example.com:blog.git", "https://paas.example.com:8081", "blog")]
    [InlineData("ssh://paas@paas.example.com:2222/blog.git", "https://paas.example.com:8081", "blog")]
    public void AppName_RemoteOnThePlatform_IsTheRepositorysName(string remote, string platform, string app)
    {
        Assert.Equal(app, PlatformRemote.AppName(remote, platform));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9999/blog.git", "http://127.0.0.1:8081")]
    [InlineData("https://127.0.0.1:8081/blog.git", "http://127.0.0.1:8081")]
    [InlineData("http://other.example.com:8081/blog.git", "http://paas.example.com:8081")]
    [InlineData("https://github.com/someone/blog.git", "https://paas.example.com")]
    [InlineData("https://paas.example.com/other/blog.git", "https://paas.example.com/admin")]
    [InlineData("http://127.0.0.1:8081/blog", "http://127.0.0.1:8081")]
    [InlineData("git@github.com:someone/blog.git", "https://github.com")]
    [InlineData("/srv/git/blog.git", "http://127.0.0.1:8081")]
    public void AppName_RemoteElsewhere_IsNull(string remote, string platform)
    {
        Assert.Null(PlatformRemote.AppName(remote, platform));
    }
}
