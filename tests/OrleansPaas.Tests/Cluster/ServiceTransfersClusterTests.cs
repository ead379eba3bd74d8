using System.Text.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// services:export, services:import and services:connect through a node that does not run the service, as on
/// two machines (each node with its own Docker engine, so the service's container is only on one): the
/// export through the other node is the same dump as through the service's own, an import through it
/// brings the data back, and a console through it runs redis-cli there with our standard input and output.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ServiceTransfersClusterTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("paas-svc-cluster-").FullName;
    private ThreeMachineCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ThreeMachineCluster.StartAsync(pg, 2, "st");
        foreach (var engine in _cluster.Engines)
        {
            // The stand-in Redis image, as the machines would have pulled it.
            var loaded = await ProcessRunner.RunAsync("sh", ["-c", $"docker save {PaasNode.RedisImage} | docker -H {engine.Endpoint} load"], timeout: TimeSpan.FromMinutes(2));
            Assert.True(loaded.ExitCode == 0, loaded.Output);
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ExportImportConnect_ThroughTheNodeThatDoesNotRunTheService()
    {
        var cache = $"st-{Guid.NewGuid().ToString("N")[..6]}";
        await new PaasCli(_cluster.Nodes[0]).OkAsync("services:create", "redis", cache);
        var node = JsonDocument.Parse(await new PaasCli(_cluster.Nodes[0]).OkAsync("services:info", cache, "--json")).RootElement.GetProperty("node").GetString();
        var home = _cluster.Nodes.Single(n => n.NodeName == node);
        var other = _cluster.Nodes.Single(n => n.NodeName != node);
        output.WriteLine($"{cache} runs on {home.NodeName}; the other node is {other.NodeName}");
        await Poll.UntilAsync(async () => (await ConnectAsync(home, cache, "PING")).StandardOutput.Contains("PONG", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "Redis never answered through its own node");

        // A console through the other node: redis-cli on the service's node, with our input and output.
        var set = await ConnectAsync(other, cache, "SET greeting across-nodes\nGET greeting");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("across-nodes", set.StandardOutput, StringComparison.Ordinal);

        // The same dump through either node (an RDB carries its creation time, so: the same size and kind).
        var viaHome = Path.Combine(_folder, "home.rdb");
        var viaOther = Path.Combine(_folder, "other.rdb");
        var exported = await ShellAsync(other, $"services:export {cache} > {viaOther}");
        Assert.True(exported.ExitCode == 0, exported.ToString());
        await new PaasCli(home).OkAsync("services:export", cache, viaHome);
        var (homeBytes, otherBytes) = (await File.ReadAllBytesAsync(viaHome), await File.ReadAllBytesAsync(viaOther));
        Assert.Equal("REDIS", System.Text.Encoding.ASCII.GetString(otherBytes[..5]));
        Assert.Equal(homeBytes.Length, otherBytes.Length);

        // The data goes, then comes back by an import through the other node.
        Assert.Equal(0, (await ConnectAsync(other, cache, "FLUSHALL")).ExitCode);
        Assert.DoesNotContain("across-nodes", (await ConnectAsync(home, cache, "GET greeting")).StandardOutput, StringComparison.Ordinal);
        var imported = await ShellAsync(other, $"services:import {cache} < {viaOther}");
        Assert.True(imported.ExitCode == 0, imported.ToString());
        await Poll.UntilAsync(async () => (await ConnectAsync(home, cache, "GET greeting")).StandardOutput.Contains("across-nodes", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the imported key to be there");
        Assert.Contains("does not exist", await new PaasCli(other).FailsAsync("services:connect", "st-nosuch"), StringComparison.Ordinal);
    }

    private Task<ProcessResult> ConnectAsync(PaasNode through, string service, string input) =>
        ShellAsync(through, $"services:connect {service} <<'REDIS'\n{input}\nREDIS");

    private Task<ProcessResult> ShellAsync(PaasNode through, string paasArguments) =>
        ProcessRunner.RunAsync("bash", ["-c", $"dotnet {PaasCliDll} {paasArguments}"], Path.GetTempPath(), new Dictionary<string, string>
        {
            ["PAAS_URL"] = through.ControlUrl,
            ["PAAS_TOKEN"] = _cluster.Token,
        }, TimeSpan.FromMinutes(3));

    private static string PaasCliDll => Path.Combine(RepositoryRoot.Path, "cli", "OrleansPaas.Cli", "bin", PaasNode.BuildConfiguration, "net10.0", "paas.dll");
}
