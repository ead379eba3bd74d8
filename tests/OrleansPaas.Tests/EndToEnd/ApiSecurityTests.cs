using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>The admin API's door: Bearer only, no cross-site changes, no body read before the token is checked.</summary>
[Collection(NodeCollection.Name)]
public sealed class ApiSecurityTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Api_BasicCredentialsWithTheRightToken_AreRefused()
    {
        using var http = new HttpClient();
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"paas:{Node.Token}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Node.ControlUrl}/api/apps");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_ChangeFromAnotherSitesPage_IsRefusedAndCreatesNothing_SameOriginWorks()
    {
        var app = NodeFixture.NewAppName("csrf");
        using var http = Client();

        using var crossSite = await http.SendAsync(CreateApp(app, origin: "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Contains("another site", await crossSite.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{Node.ControlUrl}/api/apps/{app}")).StatusCode);

        using var sameSite = await http.SendAsync(CreateApp(app, origin: Node.ControlUrl));
        Assert.Equal(HttpStatusCode.Created, sameSite.StatusCode);
        using var destroy = await http.DeleteAsync($"{Node.ControlUrl}/api/apps/{app}?confirm={app}");
        Assert.Equal(HttpStatusCode.NoContent, destroy.StatusCode);
    }

    [Fact]
    public async Task Api_WithoutToken_IsAnsweredBeforeItsBodyIsSent()
    {
        // Announce 30 MB but send only the headers: a server that reads (and parses) the body before
        // checking the token would wait for it; ours answers 401 at once.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Node.ControlPort);
        var stream = tcp.GetStream();
        var head = $"POST /api/apps HTTP/1.1\r\nHost: 127.0.0.1:{Node.ControlPort}\r\nContent-Type: application/json\r\n" +
                   $"Content-Length: {30 * 1024 * 1024}\r\n\r\n{{\"name\":\"";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, timeout.Token);

        Assert.StartsWith("HTTP/1.1 401", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task Api_BodyOverTheLimit_IsRefusedWith413AndCreatesNothing()
    {
        var app = NodeFixture.NewAppName("huge");
        using var http = Client();
        // The client waits for the go-ahead before sending the body: the server refuses on the
        // announced length, and a client still writing 2 MB when it closes gets a broken pipe
        // instead of the answer (seen in a CI rehearsal).
        http.DefaultRequestHeaders.ExpectContinue = true;
        var padding = new string(' ', 2 * 1024 * 1024);
        using var content = new StringContent($"{{\"name\":\"{app}\"{padding}}}", Encoding.UTF8, "application/json");

        using var response = await http.PostAsync($"{Node.ControlUrl}/api/apps", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{Node.ControlUrl}/api/apps/{app}")).StatusCode);
    }

    private HttpClient Client()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Node.Token);
        return http;
    }

    private HttpRequestMessage CreateApp(string app, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Node.ControlUrl}/api/apps")
        {
            Content = new StringContent($"{{\"name\":\"{app}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", origin);
        return request;
    }
}
