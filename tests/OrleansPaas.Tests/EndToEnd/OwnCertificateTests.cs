using System.Net;
using System.Net.Http.Json;
using System.Security.Authentication;
using System.Text.Json;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// HTTPS with the app's own certificate (certs:*), through the real gateway: chosen by SNI, plain
/// HTTP redirected, HSTS, X-Forwarded-Proto, refusals that change nothing, kept across a restart.
/// </summary>
public sealed class OwnCertificateTests(NodeFixture fixture) : IClassFixture<NodeFixture>, IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private readonly TestCertificateAuthority _ca = new();
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task CertsAdd_AppAnswersOverHttps_RedirectsHttp_SendsHsts_AppSeesHttps_KeptAcrossARestart()
    {
        var (app, host) = await DeployAsync("secure", "secure site");
        var (chain, key, leaf) = _ca.Issue([host]);

        using var added = await PutCertificateAsync(app, chain, key);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        using (var report = JsonDocument.Parse(await added.Content.ReadAsStringAsync()))
        {
            Assert.True(report.RootElement.GetProperty("enabled").GetBoolean());
            Assert.Equal(host, report.RootElement.GetProperty("servedHosts")[0].GetString());
            Assert.DoesNotContain("PRIVATE KEY", report.RootElement.GetRawText());
        }

        using var https = _ca.Client(Node.GatewayHttpsPort);
        var home = await Poll.UntilAsync(() => https.GetAsync($"https://{host}:{Node.GatewayHttpsPort}/"), r => r.StatusCode == HttpStatusCode.OK,
            Soon, "the app to answer over HTTPS");
        Assert.Equal("secure site\n", await home.Content.ReadAsStringAsync());
        Assert.Equal("max-age=15724800; includeSubDomains", home.Headers.GetValues("Strict-Transport-Security").Single());
        var (served, trusted) = await _ca.HandshakeAsync(Node.GatewayHttpsPort, host);
        Assert.Equal(leaf.Thumbprint, served.Thumbprint);
        Assert.True(trusted);
        Assert.Contains("HTTP_X_FORWARDED_PROTO=https", await https.GetStringAsync($"https://{host}:{Node.GatewayHttpsPort}/cgi-bin/env"));

        var plain = await Node.GetResponseAsync(host, "/docs/page?x=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, plain.StatusCode);
        Assert.Equal($"https://{host}:{Node.GatewayHttpsPort}/docs/page?x=1", plain.Headers.Location?.ToString());
        // ACME's HTTP-01 path stays on plain HTTP (here the app answers it: no challenge is pending).
        Assert.Equal(HttpStatusCode.NotFound, (await Node.GetResponseAsync(host, "/.well-known/acme-challenge/abc")).StatusCode);

        using (var hstsOff = await Api().PutAsJsonAsync($"{Node.ControlUrl}/api/apps/{app}/certs/hsts", new { enabled = false }))
        {
            Assert.Equal(HttpStatusCode.OK, hstsOff.StatusCode);
        }

        await Poll.UntilAsync(async () => !(await https.GetAsync($"https://{host}:{Node.GatewayHttpsPort}/")).Headers.Contains("Strict-Transport-Security"),
            Soon, "HSTS to be off");

        await Node.StopAsync();
        await Node.StartAsync();
        var again = await Poll.UntilAsync(() => https.GetAsync($"https://{host}:{Node.GatewayHttpsPort}/"), r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "HTTPS after a restart");
        Assert.Equal("secure site\n", await again.Content.ReadAsStringAsync());
        Assert.False(again.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task CertsAdd_WrongKeyExpiredOrOtherHost_IsRefusedWithTheReason_TheServedCertificateStays()
    {
        var (app, host) = await DeployAsync("refusals", "kept");
        var (chain, key, leaf) = _ca.Issue([host]);
        (await PutCertificateAsync(app, chain, key)).Dispose();
        await WaitForCertificateAsync(host, leaf.Thumbprint);

        var (otherChain, _, _) = _ca.Issue([host]);
        var (expiredChain, expiredKey, _) = _ca.Issue([host], DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        var (elsewhereChain, elsewhereKey, _) = _ca.Issue(["elsewhere.example.org"]);
        foreach (var (refusedChain, refusedKey, reason) in new[]
                 {
                     (otherChain, key, "the private key does not belong to the certificate"),
                     (expiredChain, expiredKey, "the certificate expired on"),
                     (elsewhereChain, elsewhereKey, "names none of the app's hosts"),
                 })
        {
            using var refused = await PutCertificateAsync(app, refusedChain, refusedKey);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(reason, await refused.Content.ReadAsStringAsync());
        }

        using var report = JsonDocument.Parse(await Api().GetStringAsync($"{Node.ControlUrl}/api/apps/{app}/certs"));
        Assert.Equal(leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant(),
            report.RootElement.GetProperty("fingerprint").GetString());
        Assert.Equal(leaf.Thumbprint, (await _ca.HandshakeAsync(Node.GatewayHttpsPort, host)).Certificate.Thumbprint);
    }

    [Fact]
    public async Task HostsWithoutACertificate_FailTheHandshake_NeverGetAnotherAppsCertificate_AndAreNotRedirected()
    {
        var (app, host) = await DeployAsync("partly", "partly secure");
        var extra = $"www.{app}.test";
        using (var domain = await Api().PostAsJsonAsync($"{Node.ControlUrl}/api/apps/{app}/domains", new { domain = extra }))
        {
            Assert.Equal(HttpStatusCode.OK, domain.StatusCode);
        }

        var (chain, key, leaf) = _ca.Issue([host]);
        (await PutCertificateAsync(app, chain, key)).Dispose();
        await WaitForCertificateAsync(host, leaf.Thumbprint);

        await Assert.ThrowsAnyAsync<Exception>(() => _ca.HandshakeAsync(Node.GatewayHttpsPort, extra));
        await Assert.ThrowsAnyAsync<Exception>(() => _ca.HandshakeAsync(Node.GatewayHttpsPort, "nobody.example.test"));
        Assert.Equal(HttpStatusCode.OK, (await Node.GetResponseAsync(extra)).StatusCode);
        using var report = JsonDocument.Parse(await Api().GetStringAsync($"{Node.ControlUrl}/api/apps/{app}/certs"));
        Assert.Equal(extra, report.RootElement.GetProperty("uncoveredHosts")[0].GetString());

        using (var removed = await Api().DeleteAsync($"{Node.ControlUrl}/api/apps/{app}/certs"))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        await Poll.UntilAsync(async () => (await Node.GetResponseAsync(host)).StatusCode == HttpStatusCode.OK, Soon, "plain HTTP to serve again");
        await Assert.ThrowsAnyAsync<Exception>(() => _ca.HandshakeAsync(Node.GatewayHttpsPort, host));
        using var missing = await Api().DeleteAsync($"{Node.ControlUrl}/api/apps/{app}/certs");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<(string App, string Host)> DeployAsync(string prefix, string content)
    {
        var app = NodeFixture.NewAppName(prefix);
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), content);
        var push = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        return (app, $"{app}.{PaasNode.Domain}");
    }

    private Task WaitForCertificateAsync(string host, string thumbprint) =>
        Poll.UntilAsync(async () => (await _ca.HandshakeAsync(Node.GatewayHttpsPort, host)).Certificate.Thumbprint == thumbprint, Soon,
            $"the gateway to serve the certificate of {host}");

    private Task<HttpResponseMessage> PutCertificateAsync(string app, string chain, string key) =>
        Api().PutAsJsonAsync($"{Node.ControlUrl}/api/apps/{app}/certs", new { certificate = chain, key });

    private HttpClient Api()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Node.Token);
        return http;
    }

    public void Dispose() => _ca.Dispose();
}
