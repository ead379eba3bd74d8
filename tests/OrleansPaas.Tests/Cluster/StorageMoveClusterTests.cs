using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// <c>storage:move</c> between machines (each node with its own Docker engine, so a volume is only
/// where it was made or copied): a copy that fails leaves the app serving its file where it was; the
/// move copies the file, and the app serves it from the new node.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StorageMoveClusterTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private ThreeMachineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ThreeMachineCluster.StartAsync(pg, "sm");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task StorageMove_FailedCopyLeavesTheAppWhereItWas_ThenTheMoveCarriesTheFileToTheOtherNode()
    {
        var a = _cluster.Nodes[0];
        var cli = new PaasCli(a);
        var app = $"sm-{Guid.NewGuid().ToString("N")[..6]}";
        var host = $"{app}.{PaasNode.Domain}";
        var volume = $"paas-{app}-data";
        await cli.OkAsync("apps:create", app);
        await cli.OkAsync("storage:create", app, "data", "/data");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile("RUN chmod 755 /www/cgi-bin/note"), "v1");
        await source.CommitFilesAsync("note", ("www/cgi-bin/note", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\ncat /data/note 2>&1\n"));
        var push = await source.PushAsync(a.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        await cli.OkAsync("run", app, "--", "sh", "-c", "echo kept-across-nodes > /data/note");
        var from = StorageNode(await cli.OkAsync("storage:list", app, "--json"));
        var to = _cluster.Nodes.First(n => n.NodeName != from).NodeName;
        var target = _cluster.Engines[_cluster.Nodes.ToList().FindIndex(n => n.NodeName == to)];
        Assert.Equal((HttpStatusCode.OK, "kept-across-nodes\n"), await a.GetAsync(host, "/cgi-bin/note"));

        // A volume of that name already on the target (an older copy): the copy is refused, the app runs where it was.
        Assert.Equal(0, (await target.DockerAsync("volume", "create", volume)).ExitCode);
        var refused = await cli.FailsAsync("storage:move", app, "data", to);
        Assert.Contains("already has a volume", refused);
        Assert.Contains($"it runs on node {from} as before", refused);
        Assert.Equal(from, StorageNode(await cli.OkAsync("storage:list", app, "--json")));
        Assert.Equal((HttpStatusCode.OK, "kept-across-nodes\n"), await a.GetAsync(host, "/cgi-bin/note"));
        Assert.Equal(0, (await target.DockerAsync("volume", "rm", volume)).ExitCode);

        var clock = Stopwatch.StartNew();
        var moved = await cli.OkAsync("storage:move", app, "data", to);
        output.WriteLine($"storage:move took {clock.Elapsed.TotalSeconds:0.0} s:\n{moved}");
        Assert.Contains($"Copying {volume} from node {from} to node {to}", moved);
        Assert.Contains($"lives on node {to}", moved);
        Assert.Equal(to, StorageNode(await cli.OkAsync("storage:list", app, "--json")));
        var report = JsonDocument.Parse(await cli.OkAsync("ps:report", app, "--json")).RootElement;
        var instances = report.GetProperty("instances").EnumerateArray().ToList();
        Assert.NotEmpty(instances);
        Assert.All(instances, i => Assert.Equal(to, i.GetProperty("node").GetString()));
        Assert.Equal((HttpStatusCode.OK, "kept-across-nodes\n"), await a.GetAsync(host, "/cgi-bin/note"));
    }

    private static string StorageNode(string storageList) => JsonDocument.Parse(storageList).RootElement.GetProperty("node").GetString()!;
}
