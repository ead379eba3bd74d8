using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Cluster;

/// <summary>Real node processes in cluster mode against the test run's private PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterModeTests(PostgresServer pg) : IDisposable
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "paas-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _token = "cluster-test-token-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task TwoNodes_SameDatabaseAndCertificate_FormOneClusterAndShareApps()
    {
        var cs = await pg.CreateDatabaseAsync("cluster_two_nodes");
        var certificate = await ClusterCertificates.MakeWithScriptAsync(_dir, "cluster");
        await using var a = Node(cs, certificate);
        await using var b = Node(cs, certificate);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        await Poll.UntilAsync(() => ClusterDatabase.MembersAsync(cs),
            m => m.GetValueOrDefault(a.NodeName) == ClusterDatabase.Active && m.GetValueOrDefault(b.NodeName) == ClusterDatabase.Active,
            JoinTimeout, "both nodes Active in the membership table");

        // Only the node's own ports listen (gateway HTTP and HTTPS, control, silo, internal): no Orleans client gateway, in either mode.
        Assert.Equal(new[] { a.GatewayPort, a.GatewayHttpsPort, a.ControlPort, a.SiloPort, a.InternalPort }.Order(), await Listeners.TcpPortsAsync(a.ProcessId));

        using var api = Api();
        var created = await api.PostAsJsonAsync($"{a.ControlUrl}/api/apps", new { name = "shared" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var seenFromB = await api.GetFromJsonAsync<JsonElement>($"{b.ControlUrl}/api/apps");
        Assert.Contains(seenFromB.EnumerateArray(), app => app.GetProperty("name").GetString() == "shared");
    }

    [Fact]
    public async Task SecondNode_DifferentCertificate_NeverBecomesActive()
    {
        var cs = await pg.CreateDatabaseAsync("cluster_wrong_cert");
        await using var member = Node(cs, ClusterCertificates.CreatePfx(_dir, "cluster"));
        await member.StartAsync();
        await Poll.UntilAsync(() => ClusterDatabase.MembersAsync(cs),
            m => m.GetValueOrDefault(member.NodeName) == ClusterDatabase.Active, JoinTimeout, "the first node Active");

        await using var intruder = Node(cs, ClusterCertificates.CreatePfx(_dir, "impostor"));
        await intruder.LaunchAsync();

        // It reaches the database and announces itself (so it really tried to join this cluster) ...
        await Poll.UntilAsync(() => ClusterDatabase.MembersAsync(cs), m => m.ContainsKey(intruder.NodeName),
            JoinTimeout, "the second node to announce itself");
        // ... but the TLS handshake with the member fails both ways, so it is never admitted: for
        // longer than a node with the right certificate takes to become Active, it stays out. It runs
        // until the member, whose probes of it fail, declares it dead (then it ends, as a refused node
        // should: in CI within the 20 s); an exit for any other reason (a port, a setting) would prove nothing.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (intruder.HasExited)
            {
                Assert.True(intruder.StandardError.ToString().Contains("I have been told I am dead", StringComparison.Ordinal),
                    "the second node exited instead of being refused: " + intruder.StandardError);
                Assert.Equal(ClusterDatabase.Dead, (await ClusterDatabase.MembersAsync(cs)).GetValueOrDefault(intruder.NodeName));
                break;
            }

            var members = await ClusterDatabase.MembersAsync(cs);
            Assert.NotEqual(ClusterDatabase.Active, members.GetValueOrDefault(intruder.NodeName));
            Assert.Equal(ClusterDatabase.Active, members.GetValueOrDefault(member.NodeName));
            await Task.Delay(250);
        }

        // The reason, from the silos' own logs: a handshake refused for the peer's certificate.
        // Polled: a log line may reach the file a moment after the refusal.
        await Poll.UntilAsync(() => Task.FromResult(member.LogCount(CertificateRejected) + intruder.LogCount(CertificateRejected) > 0),
            TimeSpan.FromSeconds(30), "a node to log a certificate refused in the silo handshake");
    }

    /// <summary>What Orleans' TLS logs when the peer's certificate fails the exact-certificate check.</summary>
    private const string CertificateRejected = "The remote certificate was rejected by the provided RemoteCertificateValidationCallback";

    [Fact]
    public async Task Node_UnreachableDatabase_ExitsWithOneSentence()
    {
        var unreachable = $"Host=127.0.0.1;Port={FreePorts.Next()};Database=nowhere;Username=postgres;Timeout=3";
        await using var node = Node(unreachable, ClusterCertificates.CreatePfx(_dir, "cluster"));
        await node.LaunchAsync();

        Assert.NotEqual(0, await node.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var stderr = node.StandardError.ToString().Trim();
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains("Paas:Cluster:PostgresConnectionString", stderr);
        Assert.Contains("nowhere", stderr);
    }

    [Fact]
    public async Task Node_ClusterModeWithoutCertificate_RefusesToStartSayingHowToMakeOne()
    {
        var cs = await pg.CreateDatabaseAsync("cluster_no_cert");
        await using var node = Node(cs, certificatePath: null);
        await node.LaunchAsync();

        Assert.NotEqual(0, await node.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var stderr = node.StandardError.ToString().Trim();
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains("make-cluster-cert.sh", stderr);
    }

    [Fact]
    public async Task Node_ClusterModeWithoutSharedAdminToken_RefusesToStart()
    {
        var cs = await pg.CreateDatabaseAsync("cluster_no_token");
        await using var node = new PaasNode(postgresConnectionString: cs, certificatePath: ClusterCertificates.CreatePfx(_dir, "cluster"),
            nodeAddress: "127.0.0.1", adminToken: null);
        await node.LaunchAsync();

        Assert.NotEqual(0, await node.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var stderr = node.StandardError.ToString().Trim();
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains("Paas:AdminToken", stderr);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private PaasNode Node(string connectionString, string? certificatePath) =>
        new(dataDir: null, nodeName: null, postgresConnectionString: connectionString, certificatePath: certificatePath,
            nodeAddress: "127.0.0.1", adminToken: _token);

    private HttpClient Api()
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return client;
    }
}
