using System.Net;
using System.Net.Sockets;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// A node that cannot start says why in one sentence per problem, naming the setting to change,
/// and exits with a code other than 0: no stack trace, whatever the problem.
/// </summary>
public sealed class StartupChecksTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "paas-startup-" + Guid.NewGuid().ToString("N")[..8]);

    public StartupChecksTests() => Directory.CreateDirectory(_dir);

    [Theory]
    [InlineData("GatewayUrls")]
    [InlineData("GatewayHttpsUrls")]
    [InlineData("ControlUrls")]
    [InlineData("Cluster:SiloPort")]
    public async Task Start_PortHeldByAnotherProcess_ExitsNamingTheSettingToChange(string setting)
    {
        await using var node = new PaasNode();
        var (port, what) = setting switch
        {
            "GatewayUrls" => (node.GatewayPort, $"http://127.0.0.1:{node.GatewayPort}"),
            "GatewayHttpsUrls" => (node.GatewayHttpsPort, $"https://127.0.0.1:{node.GatewayHttpsPort}"),
            "ControlUrls" => (node.ControlPort, $"http://127.0.0.1:{node.ControlPort}"),
            _ => (node.SiloPort, node.SiloPort.ToString()),
        };
        using var holder = new TcpListener(IPAddress.Loopback, port);
        holder.Start();

        var stderr = await FailedStartAsync(node);

        Assert.Equal($"Paas:{setting}: {what} is already in use by another process; set Paas:{setting} to a free port.", stderr);
    }

    [Fact]
    public async Task Start_ClusterModeWithMissingCertificate_SaysHowToMakeOne()
    {
        var missing = Path.Combine(_dir, "cluster.pfx");
        await using var node = ClusterNode(certificatePath: missing, nodeAddress: "127.0.0.1");

        var stderr = await FailedStartAsync(node);

        Assert.StartsWith($"The cluster certificate {missing} (Paas:Cluster:CertificatePath) does not exist: make one with deploy/cluster/make-cluster-cert.sh", stderr);
    }

    [Fact]
    public async Task Start_ClusterModeWithBadNodeAddress_NamesTheSetting()
    {
        await using var node = ClusterNode(certificatePath: ClusterCertificates.CreatePfx(_dir, "cluster"), nodeAddress: "node1.example");

        var stderr = await FailedStartAsync(node);

        Assert.Equal("Paas:NodeAddress 'node1.example' is not an IP address: set it to the address other nodes reach this one on.", stderr);
    }

    [Fact]
    public async Task Start_SeveralBadSettings_OneSentenceEach()
    {
        await using var node = new PaasNode(postgresConnectionString: UnreachableDatabase(), certificatePath: null, nodeAddress: "x", adminToken: "short",
            settings: ["--Paas:GatewayHttpsUrls=https://gateway.example:8443"]);

        var lines = (await FailedStartAsync(node, oneLine: false)).Split('\n');

        Assert.Collection(lines,
            l => Assert.StartsWith("Paas:GatewayHttpsUrls: 'https://gateway.example:8443' must name an IP address", l),
            l => Assert.StartsWith("Paas:AdminToken is shorter than 32 characters", l),
            l => Assert.StartsWith("Paas:NodeAddress 'x' is not an IP address", l),
            l => Assert.StartsWith("Cluster mode needs the cluster certificate", l));
        Assert.False(Directory.Exists(Path.Combine(node.DataDir, "repos")));
    }

    /// <summary>Launches the node, expects it to exit ≠ 0 and returns what it wrote to stderr, which holds no stack trace.</summary>
    private static async Task<string> FailedStartAsync(PaasNode node, bool oneLine = true)
    {
        await node.LaunchAsync();

        Assert.NotEqual(0, await node.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var stderr = node.StandardError.ToString().Trim();
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr);
        if (oneLine)
        {
            Assert.DoesNotContain('\n', stderr);
        }

        return stderr;
    }

    // Settings are checked before the database is looked at, so none is needed.
    private static string UnreachableDatabase() => $"Host=127.0.0.1;Port={FreePorts.Next()};Database=nowhere;Username=postgres;Timeout=3";

    private static PaasNode ClusterNode(string certificatePath, string nodeAddress) =>
        new(postgresConnectionString: UnreachableDatabase(), certificatePath: certificatePath, nodeAddress: nodeAddress,
            adminToken: Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
