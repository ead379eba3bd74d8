using System.Net;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>git push → build → run → served, with the real git client, Docker engine and gateway.</summary>
[Collection(NodeCollection.Name)]
public sealed class GitPushDeployTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Push_FirstPushToUnknownApp_CreatesBuildsAndServesIt()
    {
        var app = NodeFixture.NewAppName("first");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "hello from v1");

        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Contains($"remote: -----> Building {app} from Dockerfile", push.Output);
        Assert.Contains("remote: -----> Releasing", push.Output);
        Assert.Contains("remote: -----> Deploying", push.Output);
        Assert.Contains($"remote: =====> Application deployed: http://{app}.{PaasNode.Domain}", push.Output);

        var (status, body) = await Node.GetAsync($"{app}.{PaasNode.Domain}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello from v1\n", body);

        var container = Assert.Single(await Node.ContainersAsync(app));
        Assert.Equal("web", container.Labels["paas.process"]);
        Assert.Equal("v1", container.Labels["paas.release"]);
        Assert.Equal(Node.NodeName, container.Labels["paas.node"]);
        // Published on loopback only, never on a public interface.
        Assert.All(container.Ports.Where(p => p.PublicPort != 0), p => Assert.Equal("127.0.0.1", p.IP));

        using var docker = PaasNode.Docker();
        var inspect = await docker.Containers.InspectContainerAsync(container.ID);
        Assert.Contains("PORT=5000", inspect.Config.Env);
        Assert.Equal(512L * 1024 * 1024, inspect.HostConfig.Memory);
    }

    [Fact]
    public async Task Push_AppSeesPortOriginalHostAndForwardedHeaders()
    {
        var app = NodeFixture.NewAppName("headers");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile("EXPOSE 7000"), "headers");
        var push = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);

        var (status, env) = await Node.GetAsync($"{app}.{PaasNode.Domain}", "/cgi-bin/env");

        Assert.Equal(HttpStatusCode.OK, status);
        // EXPOSE wins over the default port.
        Assert.Contains("PORT=7000", env);
        Assert.Contains($"HTTP_HOST={app}.{PaasNode.Domain}", env);
        Assert.Contains("HTTP_X_FORWARDED_FOR=127.0.0.1", env);
        Assert.Contains("HTTP_X_FORWARDED_PROTO=http", env);
        Assert.Contains($"HTTP_X_FORWARDED_HOST={app}.{PaasNode.Domain}", env);
    }

    [Fact]
    public async Task Push_NewCommit_ReplacesRunningVersionAndRemovesOldContainer()
    {
        var app = NodeFixture.NewAppName("second");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "version one");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        var first = Assert.Single(await Node.ContainersAsync(app));

        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "version two", "second");
        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.True(push.ExitCode == 0, push.Output);
        // The new instance answered before the old one was retired.
        Assert.True(push.Output.IndexOf("answers", StringComparison.Ordinal) < push.Output.IndexOf("Retiring v1", StringComparison.Ordinal), push.Output);
        var (_, body) = await Node.GetAsync($"{app}.{PaasNode.Domain}");
        Assert.Equal("version two\n", body);
        var remaining = await Poll.UntilAsync(() => Node.ContainersAsync(app), c => c.Count == 1 && c[0].ID != first.ID,
            TimeSpan.FromSeconds(30), "the v1 container to be removed");
        Assert.Equal("v2", remaining[0].Labels["paas.release"]);
    }

    [Fact]
    public async Task Push_FailingBuild_FailsThePushAndOldReleaseKeepsServing()
    {
        var app = NodeFixture.NewAppName("broken");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "good version");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        var goodCommit = await source.HeadAsync();

        await source.CommitAsync(AppSource.StaticSiteDockerfile("RUN echo about to fail && exit 3"), "bad version", "broken");
        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("remote:  !     Build failed", push.Output);
        Assert.Contains("about to fail", push.Output);
        Assert.Contains("v1 keeps serving", push.Output);
        Assert.Contains("pre-receive hook declined", push.Output);
        var (status, body) = await Node.GetAsync($"{app}.{PaasNode.Domain}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("good version\n", body);
        // The refused commit did not become the app's main branch.
        var remote = await source.GitAsync("ls-remote", Node.RemoteUrl(app), "refs/heads/main");
        Assert.StartsWith(goodCommit, remote.Output);
    }

    [Fact]
    public async Task Push_ContainerThatNeverAnswers_FailsThePushAndOldReleaseKeepsServing()
    {
        var app = NodeFixture.NewAppName("crashy");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "steady");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);

        var crashing = $"""
            FROM {PaasNode.BaseImage}
            CMD ["sh", "-c", "echo cannot start; exit 4"]
            """;
        await source.CommitAsync(crashing, "never served", "crash");
        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("Deploy failed", push.Output);
        Assert.Contains("cannot start", push.Output);
        Assert.Equal((HttpStatusCode.OK, "steady\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
        var container = Assert.Single(await Node.ContainersAsync(app));
        Assert.Equal("v1", container.Labels["paas.release"]);
    }

    [Fact]
    public async Task Push_WrongToken_IsRefusedAndCreatesNothing()
    {
        var app = NodeFixture.NewAppName("intruder");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "nope");

        var push = await source.PushAsync(Node.RemoteUrl(app, token: "not-the-token"));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("Authentication failed", push.Output);
        Assert.False(Directory.Exists(Path.Combine(Node.DataDir, "repos", app + ".git")));
        Assert.Empty(await Node.ContainersAsync(app));

        using var http = new HttpClient();
        var anonymous = await http.GetAsync($"{Node.ControlUrl}/{app}.git/info/refs?service=git-receive-pack");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Push_TokenInAnExtraHeaderNotInTheUrl_Deploys()
    {
        // The README's way: the remote URL holds no secret, git sends the token as a header.
        var app = NodeFixture.NewAppName("header");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "token kept out of the url");
        Assert.Equal(0, (await source.GitAsync("config", $"http.{Node.ControlUrl}/.extraHeader", $"Authorization: Bearer {Node.Token}")).ExitCode);

        var push = await source.PushAsync($"{Node.ControlUrl}/{app}.git");

        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Equal("token kept out of the url\n", (await Node.GetAsync($"{app}.{PaasNode.Domain}")).Body);
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("-dash")]
    [InlineData("a..b")]
    public async Task Push_InvalidAppName_IsRefusedWithReasonBeforeTouchingDisk(string name)
    {
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "nope");

        var push = await source.PushAsync($"http://paas:{Node.Token}@127.0.0.1:{Node.ControlPort}/{name}.git");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("remote error: app name", push.Output);
        // Starting with the name: other tests' apps on the shared node may contain it ("ro-dash-…" contains "-dash").
        Assert.Empty(Directory.GetDirectories(Path.Combine(Node.DataDir, "repos"), name + "*"));
    }

    /// <summary>A branch named outside ASCII too: the hook sends the refs with their length in bytes, so the refusal names it whole.</summary>
    [Theory]
    [InlineData("feature")]
    [InlineData("café-ü")]
    public async Task Push_OtherBranch_IsRefusedWithMessage(string branch)
    {
        var app = NodeFixture.NewAppName("branchy");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "feature");
        await source.GitAsync("checkout", "-q", "-b", branch);

        var push = await source.PushAsync(Node.RemoteUrl(app), branch);

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("only main or master deploys", push.Output);
        Assert.Contains($"'refs/heads/{branch}' was refused", push.Output);
        Assert.Empty(await Node.ContainersAsync(app));
    }

    [Fact]
    public async Task Push_MasterBranch_Deploys()
    {
        var app = NodeFixture.NewAppName("legacy");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "from master");
        await source.GitAsync("branch", "-m", "master");

        var push = await source.PushAsync(Node.RemoteUrl(app), "master");

        Assert.True(push.ExitCode == 0, push.Output);
        await Node.WaitForContentAsync($"{app}.{PaasNode.Domain}", "from master");
    }

    [Fact]
    public async Task Clone_AfterPush_ReturnsThePushedSource()
    {
        var app = NodeFixture.NewAppName("clone");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "clone me");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        var target = Path.Combine(Path.GetTempPath(), "paas-clone-" + Guid.NewGuid().ToString("N"));

        try
        {
            var clone = await AppSource.GitIn(Path.GetTempPath(), "clone", "-q", Node.RemoteUrl(app), target);
            Assert.True(clone.ExitCode == 0, clone.Output);
            Assert.Equal("clone me\n", await File.ReadAllTextAsync(Path.Combine(target, "www", "index.html")));
        }
        finally
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Clone_UnknownApp_SaysItDoesNotExist()
    {
        var target = Path.Combine(Path.GetTempPath(), "paas-clone-" + Guid.NewGuid().ToString("N"));
        var clone = await AppSource.GitIn(Path.GetTempPath(), "clone", "-q", Node.RemoteUrl("never-pushed"), target);
        Assert.NotEqual(0, clone.ExitCode);
        Assert.Contains("app 'never-pushed' does not exist", clone.Output);
    }

    [Fact]
    public async Task Gateway_UnknownHost_Answers404NamingThePlatform()
    {
        var (status, body) = await Node.GetAsync("nothing-here.example.test");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("OrleansPaas", body);
        Assert.Contains("nothing-here.example.test", body);
    }

    [Fact]
    public async Task Gateway_ControlPaths_AreNotServedOnTheGatewayPort()
    {
        var app = NodeFixture.NewAppName("split");
        var (status, body) = await Node.GetAsync("127.0.0.1", $"/{app}.git/info/refs?service=git-receive-pack");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("OrleansPaas", body);
    }
}
