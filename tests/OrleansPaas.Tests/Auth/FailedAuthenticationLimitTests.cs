using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansPaas.Tests.EndToEnd;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Auth;

/// <summary>
/// Guessing the token is bounded per client address: 20 refused credentials a minute, then 429
/// on every door (login, git, API). Each test comes from a loopback address of its own, so the
/// node other tests share never limits them.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class FailedAuthenticationLimitTests(NodeFixture fixture)
{
    private const int Allowed = 20;

    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Login_21stFailureInAMinute_Gets429_AndSoDoesTheRightToken()
    {
        using var http = LoopbackSource.Client(LoopbackSource.NewAddress(), new CookieContainer());
        var login = new DashboardLogin(Node, http);
        for (var attempt = 1; attempt <= Allowed; attempt++)
        {
            using var refused = await login.PostAsync("wrong-" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var limited = await login.PostAsync("wrong-again");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        // Locked out means locked out: otherwise a guesser would still learn which guess was right.
        using var right = await login.PostAsync(Node.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);

        // Another address is not affected.
        using var other = LoopbackSource.Client(LoopbackSource.NewAddress(), new CookieContainer());
        using var elsewhere = await new DashboardLogin(Node, other).PostAsync(Node.Token);
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
    }

    [Fact]
    public async Task GitBasic_21stFailureInAMinute_Gets429()
    {
        using var http = LoopbackSource.Client(LoopbackSource.NewAddress());
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= Allowed + 1; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Node.ControlUrl}/limited.git/info/refs?service=git-receive-pack");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"paas:wrong-{attempt}")));
            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(Allowed), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task ApiBearer_21stFailureInAMinute_Gets429()
    {
        using var http = LoopbackSource.Client(LoopbackSource.NewAddress());
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= Allowed + 1; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Node.ControlUrl}/api/apps");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"wrong-{attempt}");
            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(Allowed), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task SuccessfulRequests_AreNeverLimited()
    {
        using var http = LoopbackSource.Client(LoopbackSource.NewAddress(), new CookieContainer());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Node.Token);
        for (var attempt = 0; attempt < 3 * Allowed; attempt++)
        {
            using var response = await http.GetAsync($"{Node.ControlUrl}/api/apps");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var browser = LoopbackSource.Client(LoopbackSource.NewAddress(), new CookieContainer());
        var login = new DashboardLogin(Node, browser);
        for (var attempt = 0; attempt < Allowed + 5; attempt++)
        {
            using var loggedIn = await login.PostAsync(Node.Token);
            Assert.Equal(HttpStatusCode.Redirect, loggedIn.StatusCode);
        }
    }
}
