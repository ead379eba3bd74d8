using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// TLS in a two-node cluster: a certificate ordered through node A is validated through node B's
/// gateway (the only one pebble reaches) and served by both; an own certificate added through B
/// is served by A.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTlsTests(PostgresServer pg) : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "paas-cluster-tls-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _token = "cluster-tls-token-" + Guid.NewGuid().ToString("N");
    private readonly PebbleServer _pebble = new();
    private PaasNode _a = null!;
    private PaasNode _b = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await pg.CreateDatabaseAsync("cluster_tls");
        var certificate = ClusterCertificates.CreatePfx(_dir, "cluster");
        string[] acme = [$"--Paas:Acme:DirectoryUrl={_pebble.DirectoryUrl}", $"--Paas:Acme:TrustedCaFile={_pebble.TrustedCaFile}"];
        _a = new PaasNode(nodeName: "tls-a-" + Guid.NewGuid().ToString("N")[..6], postgresConnectionString: connectionString, certificatePath: certificate,
            nodeAddress: "127.0.0.1", adminToken: _token, settings: acme);
        _b = new PaasNode(nodeName: "tls-b-" + Guid.NewGuid().ToString("N")[..6], postgresConnectionString: connectionString, certificatePath: certificate,
            nodeAddress: "127.0.0.1", adminToken: _token, settings: acme);
        await _pebble.StartAsync(_b.GatewayPort);
        await Task.WhenAll(_a.StartAsync(), _b.StartAsync());
        await ClusterDatabase.WaitUntilActiveAsync(connectionString, _a.NodeName, _b.NodeName);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _pebble.DisposeAsync();
    }

    [Fact]
    public async Task LetsEncrypt_OrderedThroughA_ValidatedThroughB_ServedByBoth_OwnCertificateThroughB_ServedByA()
    {
        var app = "tls-" + Guid.NewGuid().ToString("N")[..6];
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "clustered tls");
        var push = await source.PushAsync(_a.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);

        using var api = Api();
        api.Timeout = TimeSpan.FromMinutes(4);
        using (var enabled = await api.PostAsync($"{_a.ControlUrl}/api/apps/{app}/letsencrypt", null))
        {
            var stream = await enabled.Content.ReadAsStringAsync();
            Assert.True(stream.Contains("\"exitCode\":0", StringComparison.Ordinal), stream);
        }

        var root = await _pebble.IssuingRootAsync();
        foreach (var node in new[] { _a, _b })
        {
            var served = await Poll.UntilAsync(() => TestCertificateAuthority.TryServerChainAsync(node.GatewayHttpsPort, host), c => c is not null, TimeSpan.FromSeconds(30),
                $"{node.NodeName}'s gateway to serve the certificate");
            Assert.True(TestCertificateAuthority.ChainsTo(served!.Value.Certificate, root, served.Value.Sent), $"{node.NodeName} must serve the certificate pebble issued");
        }

        using var ca = new TestCertificateAuthority();
        var (chain, key, leaf) = ca.Issue([host]);
        using (var added = await api.PutAsync($"{_b.ControlUrl}/api/apps/{app}/certs",
                   new StringContent(JsonSerializer.Serialize(new { certificate = chain, key }), System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        await Poll.UntilAsync(async () => (await TestCertificateAuthority.TryServerChainAsync(_a.GatewayHttpsPort, host))?.Certificate.Thumbprint == leaf.Thumbprint, TimeSpan.FromSeconds(30),
            "node A to serve the certificate added through node B");
    }

    private HttpClient Api()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return http;
    }
}
