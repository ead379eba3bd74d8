using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>One node and a private ACME server (pebble) that validates HTTP-01 through the node's gateway.</summary>
public sealed class LetsEncryptFixture : IAsyncLifetime
{
    public PebbleServer Pebble { get; } = new();

    public PaasNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = new PaasNode(settings: [$"--Paas:Acme:DirectoryUrl={Pebble.DirectoryUrl}", $"--Paas:Acme:TrustedCaFile={Pebble.TrustedCaFile}",
            "--Paas:Acme:Email=ops@example.test"]);
        await Pebble.StartAsync(Node.GatewayPort);
        await Node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Pebble.DisposeAsync();
    }
}

/// <summary>
/// <c>letsencrypt:*</c> against pebble: a certificate that chains to the ACME server's root, served
/// over HTTPS by the gateway that answered the challenge; a validation that fails says why, in the
/// ACME server's words, and changes nothing served.
/// </summary>
public sealed class LetsEncryptTests(LetsEncryptFixture fixture) : IClassFixture<LetsEncryptFixture>
{
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Enable_IssuesACertificateChainingToTheAcmeRoot_ServedOverHttps_HttpRedirects_ListedWithItsRenewal()
    {
        var (app, host) = await DeployAsync("acme", "issued");

        var (exitCode, output) = await EnableAsync(app);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Certificate issued", output);
        Assert.Contains($"{host}: validated", output);
        var root = await fixture.Pebble.IssuingRootAsync();
        await Poll.UntilAsync(() => HandshakeAsync(host), c => c is not null, TimeSpan.FromSeconds(30), "the gateway to serve the issued certificate");
        var (served, intermediates) = await TestCertificateAuthority.ServerChainAsync(Node.GatewayHttpsPort, host);
        Assert.True(TestCertificateAuthority.ChainsTo(served, root, intermediates), "the served certificate (with the intermediates sent) must chain to pebble's root");
        Assert.Equal(HttpStatusCode.MovedPermanently, (await Node.GetResponseAsync(host)).StatusCode);

        using var list = JsonDocument.Parse(await Api().GetStringAsync($"{Node.ControlUrl}/api/letsencrypt"));
        var entry = list.RootElement.EnumerateArray().Single(e => e.GetProperty("app").GetString() == app);
        Assert.Equal("letsencrypt", entry.GetProperty("source").GetString());
        Assert.Equal(host, entry.GetProperty("servedHosts")[0].GetString());
        var notAfter = entry.GetProperty("notAfter").GetDateTimeOffset();
        var renewsAt = entry.GetProperty("renewsAt").GetDateTimeOffset();
        Assert.True(renewsAt < notAfter && renewsAt > DateTimeOffset.UtcNow, $"renewal at {renewsAt} should fall before expiry {notAfter}");
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("lastFailure").ValueKind);

        // Renewal needs no cron: the app's reminder is in the node's database, so it outlives a restart.
        await using var database = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(Node.DataDir, "paas.db")};Mode=ReadOnly");
        await database.OpenAsync();
        await using var query = database.CreateCommand();
        query.CommandText = "SELECT count(*) FROM Reminders WHERE ReminderName = 'acme-renewal' AND GrainId LIKE $app";
        query.Parameters.AddWithValue("$app", $"%{app}%");
        Assert.Equal(1L, (long)(await query.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Enable_ForADomainThatDoesNotPointHere_FailsWithTheAcmeServersReason_NothingIsServed()
    {
        var (app, host) = await DeployAsync("astray", "astray");
        var astray = $"www.{app}.test";
        using (var domain = await Api().PostAsync($"{Node.ControlUrl}/api/apps/{app}/domains",
                   new StringContent(JsonSerializer.Serialize(new { domain = astray }), System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, domain.StatusCode);
        }

        // Nothing listens there: validation of that name cannot reach any gateway.
        await fixture.Pebble.PointHostAtAsync(astray, "127.0.0.2");

        var (exitCode, output) = await EnableAsync(app);

        Assert.True(exitCode == 1, output);
        Assert.Contains($"Let's Encrypt failed: {astray}", output);
        Assert.Contains("127.0.0.2", output);
        Assert.Null(await HandshakeAsync(host));
        Assert.Equal(HttpStatusCode.OK, (await Node.GetResponseAsync(host)).StatusCode);
        using var list = JsonDocument.Parse(await Api().GetStringAsync($"{Node.ControlUrl}/api/letsencrypt"));
        var entry = list.RootElement.EnumerateArray().Single(e => e.GetProperty("app").GetString() == app);
        Assert.False(entry.GetProperty("enabled").GetBoolean());
        Assert.Contains(astray, entry.GetProperty("lastFailure").GetString());
    }

    [Fact]
    public async Task DomainAdded_ToALetsEncryptApp_IsOrderedAgain_TheNewCertificateNamesBothHosts()
    {
        var (app, host) = await DeployAsync("acme-grows", "grows");
        var (exitCode, output) = await EnableAsync(app);
        Assert.True(exitCode == 0, output);
        var extra = $"www.{app}.test";

        using (var domain = await Api().PostAsync($"{Node.ControlUrl}/api/apps/{app}/domains",
                   new StringContent(JsonSerializer.Serialize(new { domain = extra }), System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, domain.StatusCode);
        }

        var served = await Poll.UntilAsync(() => HandshakeAsync(extra), c => c is not null, TimeSpan.FromSeconds(60),
            "the re-ordered certificate to serve the added domain");
        var names = served!.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>()
            .Single().EnumerateDnsNames().ToList();
        Assert.Contains(host, names);
        Assert.Contains(extra, names);
    }

    [Fact]
    public async Task Cli_EnableStreamsProgress_ListShowsTheApp_DisableRemovesTheCertificate()
    {
        var (app, host) = await DeployAsync("acme-cli", "cli");
        var cli = new PaasCli(Node);

        var enabled = await cli.OkAsync("letsencrypt:enable", app);

        Assert.Contains($"Ordering a Let's Encrypt certificate for {app}", enabled);
        Assert.Contains("Certificate issued", enabled);
        Assert.Contains(app, await cli.OkAsync("letsencrypt:list"));
        await Poll.UntilAsync(async () => await HandshakeAsync(host) is not null, TimeSpan.FromSeconds(30), "HTTPS to be served");

        Assert.Contains("Ssl enabled:", await cli.OkAsync("letsencrypt:disable", app));
        Assert.DoesNotContain(app, await cli.OkAsync("letsencrypt:list"));
        await Poll.UntilAsync(async () => await HandshakeAsync(host) is null, TimeSpan.FromSeconds(30), "HTTPS to stop");
        Assert.Equal(HttpStatusCode.OK, (await Node.GetResponseAsync(host)).StatusCode);
        Assert.Contains("does not use Let's Encrypt", await cli.FailsAsync("letsencrypt:disable", app));
    }

    private async Task<(int ExitCode, string Output)> EnableAsync(string app)
    {
        using var http = Api();
        http.Timeout = TimeSpan.FromMinutes(4);
        using var response = await http.PostAsync($"{Node.ControlUrl}/api/apps/{app}/letsencrypt", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = new System.Text.StringBuilder();
        int? exitCode = null;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var item = JsonDocument.Parse(line);
            if (item.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                output.Append(text.GetString());
            }

            if (item.RootElement.TryGetProperty("exitCode", out var code) && code.ValueKind == JsonValueKind.Number)
            {
                exitCode = code.GetInt32();
            }
        }

        return (exitCode ?? -1, output.ToString());
    }

    private async Task<System.Security.Cryptography.X509Certificates.X509Certificate2?> HandshakeAsync(string host) =>
        (await TestCertificateAuthority.TryServerChainAsync(Node.GatewayHttpsPort, host))?.Certificate;

    private async Task<(string App, string Host)> DeployAsync(string prefix, string content)
    {
        var app = NodeFixture.NewAppName(prefix);
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), content);
        var push = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        return (app, $"{app}.{PaasNode.Domain}");
    }

    private HttpClient Api()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Node.Token);
        return http;
    }
}
