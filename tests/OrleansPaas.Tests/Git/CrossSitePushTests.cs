using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansPaas.Tests.EndToEnd;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Git;

/// <summary>
/// A page on another site cannot push with the browser's cached git credentials: what git never
/// sends (a form's content type, a browser's Origin or Sec-Fetch-Site) is refused before any
/// repository or app exists.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class CrossSitePushTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task ReceivePack_ContentTypeGitNeverSends_IsRefusedAndCreatesNoApp(string? contentType)
    {
        var app = NodeFixture.NewAppName("nocors");
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Node.ControlUrl}/{app}.git/git-receive-pack")
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes("0000")),
        };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/x-git-receive-pack-request", await response.Content.ReadAsStringAsync());
        await AssertNoAppAsync(app);
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task ReceivePack_FromABrowserPage_IsRefusedAndCreatesNoApp(string header, string value)
    {
        var app = NodeFixture.NewAppName("xsite");
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Node.ControlUrl}/{app}.git/git-receive-pack")
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes("0000")),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-git-receive-pack-request");
        request.Headers.Add(header, value);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("another site", await response.Content.ReadAsStringAsync());
        await AssertNoAppAsync(app);
    }

    [Fact]
    public async Task Advertisement_FromAnotherSitesPage_IsRefusedAndCreatesNoRepository()
    {
        var app = NodeFixture.NewAppName("xsiteget");
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Node.ControlUrl}/{app}.git/info/refs?service=git-receive-pack");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNoAppAsync(app);
    }

    [Fact]
    public async Task Push_CarryingABrowserOrigin_FailsAndCreatesNoApp_WithoutItSucceeds()
    {
        var app = NodeFixture.NewAppName("origin");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "pushed by git");

        var refused = await source.GitAsync("-c", "http.extraHeader=Origin: https://evil.example", "push", "--porcelain", Node.RemoteUrl(app), "main");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("403", refused.Output);
        await AssertNoAppAsync(app);

        var pushed = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(pushed.ExitCode == 0, pushed.Output);
        Assert.Contains("Application deployed", pushed.Output);
    }

    private HttpClient Client()
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"paas:{Node.Token}")));
        return http;
    }

    private async Task AssertNoAppAsync(string app)
    {
        Assert.False(Directory.Exists(Path.Combine(Node.DataDir, "repos", app + ".git")), $"a repository of {app} was created");
        using var api = Node.Api();
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/apps/{app}")).StatusCode);
    }
}
