using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// Named tokens in a two-node cluster: a token made through node A works on node B, and once
/// <c>tokens:revoke</c> returns on A, B refuses it at once (no cache outlives the revoke).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTokenTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "paas-cluster-tokens-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _token = "cluster-tokens-token-" + Guid.NewGuid().ToString("N");
    private PaasNode _a = null!;
    private PaasNode _b = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await pg.CreateDatabaseAsync("cluster_tokens");
        var certificate = ClusterCertificates.CreatePfx(_dir, "cluster");
        _a = new PaasNode(nodeName: "tok-a-" + Guid.NewGuid().ToString("N")[..6], postgresConnectionString: connectionString, certificatePath: certificate,
            nodeAddress: "127.0.0.1", adminToken: _token);
        _b = new PaasNode(nodeName: "tok-b-" + Guid.NewGuid().ToString("N")[..6], postgresConnectionString: connectionString, certificatePath: certificate,
            nodeAddress: "127.0.0.1", adminToken: _token);
        await Task.WhenAll(_a.StartAsync(), _b.StartAsync());
        await ClusterDatabase.WaitUntilActiveAsync(connectionString, _a.NodeName, _b.NodeName);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Revoke_OnNodeA_IsRefusedOnNodeB_AtOnce()
    {
        var name = "ci-" + Guid.NewGuid().ToString("N")[..6];
        var token = await NamedTokens.CreateAsync(_a, name, "read");
        using var onB = NamedTokens.Client(_b, token);
        // Made through A, usable through B (B's copy of the table catches up within a poll).
        await Poll.UntilAsync(async () => (await onB.GetAsync("/api/apps")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "B to accept the token made through A");

        using var adminOnA = _a.Api();
        var revoke = Stopwatch.StartNew();
        using (var revoked = await adminOnA.DeleteAsync($"/api/tokens/{name}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        output.WriteLine($"tokens:revoke confirmed by both nodes in {revoke.ElapsedMilliseconds} ms");
        using var refused = await onB.GetAsync("/api/apps");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains($"the token '{name}' was revoked", await refused.Content.ReadAsStringAsync());

        // The attempt through B is in the one, cluster-wide trail, read through A.
        await Poll.UntilAsync(async () => (await adminOnA.GetStringAsync("/api/events?limit=1000")).Contains($"\"actor\":\"{name}\"")
            && (await adminOnA.GetStringAsync("/api/events?limit=1000")).Contains("\"action\":\"RevokeToken\""), TimeSpan.FromSeconds(10),
            "B's refusal of the revoked token in the trail read through A");
    }
}
