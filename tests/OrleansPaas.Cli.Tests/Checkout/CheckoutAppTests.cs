using OrleansPaas.Cli.Checkout;

namespace OrleansPaas.Cli.Tests.Checkout;

public class CheckoutAppTests
{
    private const string Platform = "http://127.0.0.1:8081";

    [Fact]
    public void Find_OneRemoteOnThePlatform_IsItsApp()
    {
        GitRemote[] remotes = [new("origin", "https://github.com/someone/blog.git"), new("production", $"{Platform}/blog.git")];

        Assert.Equal("blog", CheckoutApp.Find(remotes, Platform));
    }

    [Fact]
    public void Find_NoRemoteOnThePlatform_IsNull()
    {
        Assert.Null(CheckoutApp.Find([new("origin", "https://github.com/someone/blog.git")], Platform));
    }

    [Fact]
    public void Find_TwoAppsOneOfThemOnRemotePaas_IsPaassApp()
    {
        GitRemote[] remotes = [new("staging", $"{Platform}/blog-staging.git"), new("paas", $"{Platform}/blog.git")];

        Assert.Equal("blog", CheckoutApp.Find(remotes, Platform));
    }

    [Fact]
    public void Find_TwoAppsNoneOnRemotePaas_SaysWhichAndHowToChoose()
    {
        GitRemote[] remotes = [new("staging", $"{Platform}/blog-staging.git"), new("production", $"{Platform}/blog.git")];

        var e = Assert.Throws<CliException>(() => CheckoutApp.Find(remotes, Platform));

        Assert.Equal(
            "this checkout's git remotes point at several apps on http://127.0.0.1:8081: blog-staging (remote 'staging'), blog (remote 'production'); name the app, or use --app NAME",
            e.Message);
    }

    [Fact]
    public void Parse_GitConfigOutput_KeepsDottedRemoteNames()
    {
        var remotes = GitRemotes.Parse("remote.origin.url https://github.com/x/blog.git\nremote.my.paas.url http://127.0.0.1:8081/blog.git\n");

        Assert.Equal([new("origin", "https://github.com/x/blog.git"), new("my.paas", "http://127.0.0.1:8081/blog.git")], remotes);
    }
}
