using System.Diagnostics;
using System.Net;
using Docker.DotNet.Models;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// Three real node processes on this machine (own ports and names, one shared Docker engine told
/// apart by the paas.node label) on the test run's private PostgreSQL: push to one, served by all;
/// spread by scale; survive the loss of a node, then of another.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ThreeNodeClusterTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(120);
    private const int Dead = 6;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "paas-3nodes-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _token = "three-node-token-" + Guid.NewGuid().ToString("N");
    private readonly List<PaasNode> _nodes = [];
    private string _connectionString = "";
    private string _certificate = "";

    public async Task InitializeAsync()
    {
        _connectionString = await pg.CreateDatabaseAsync("three_nodes");
        _certificate = ClusterCertificates.CreatePfx(_dir, "cluster");
        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(Node($"n{i + 1}-{Guid.NewGuid().ToString("N")[..6]}"));
        }

        await Task.WhenAll(_nodes.Select(n => n.StartAsync()));
        // Nodes that have not met yet could each activate the same grain: the tests begin once all are Active.
        await ClusterDatabase.WaitUntilActiveAsync(_connectionString, _nodes.Select(n => n.NodeName).ToArray());
    }

    private PaasNode Node(string name, string? dataDir = null) =>
        new(dataDir, name, postgresConnectionString: _connectionString, certificatePath: _certificate, nodeAddress: "127.0.0.1", adminToken: _token);

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cluster_PushScaleAndLoseTwoNodes_KeepsServingAndKeepsEverything()
    {
        var (a, b, c) = (_nodes[0], _nodes[1], _nodes[2]);
        var app = "cl-" + Guid.NewGuid().ToString("N")[..6];
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(Dockerfile, "served by the cluster");

        // Push to A → every node's gateway serves it.
        var push = await source.PushAsync(a.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        var propagation = Stopwatch.StartNew();
        foreach (var node in _nodes)
        {
            await node.WaitForContentAsync(host, "served by the cluster");
        }

        output.WriteLine($"served by all three gateways {propagation.ElapsedMilliseconds} ms after the push returned");

        // Config through C, scale through B: any node takes any command.
        await new PaasCli(c, _token).OkAsync("config:set", app, "KEPT=yes");
        await new PaasCli(b, _token).OkAsync("ps:scale", app, "web=3");
        // One per node, once the instance the config change replaced has drained and stopped.
        var placed = await Poll.UntilAsync(() => InstancesByNodeAsync(app),
            p => _nodes.All(n => p.GetValueOrDefault(n.NodeName) == 1), TimeSpan.FromSeconds(30), "one web instance on each node");
        output.WriteLine("web instances per node: " + string.Join(", ", placed.Select(p => $"{p.Key}={p.Value}")));
        var report = await new PaasCli(a, _token).OkAsync("ps:report", app);
        Assert.All(_nodes, n => Assert.Contains(n.NodeName, report));

        // Logs through C gather the output of the instances on every node; run through B works too.
        var logs = await Poll.UntilAsync(() => new PaasCli(c, _token).OkAsync("logs", app, "-n", "20"),
            l => Enumerable.Range(1, 3).All(i => System.Text.RegularExpressions.Regex.IsMatch(l, $@"web\.{i} v\d+ \| booted")), TimeSpan.FromSeconds(30), "logs of all three instances");
        output.WriteLine(logs);
        var run = await new PaasCli(b, _token).RunAsync("run", app, "--", "sh", "-c", "echo one-off $KEPT");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("one-off yes", run.StandardOutput);

        // Lose B: its process killed and its containers gone, as when a machine dies.
        using (var load = new LoadLoop(a, host, clients: 2, maxRequests: 100_000, maxDuration: FailoverDeadline))
        {
            await load.WaitForRequestsAsync(20);
            var lost = Stopwatch.StartNew();
            b.Kill();
            await RemoveContainersOfAsync(b.NodeName);
            // The README: "A node whose process is killed is declared dead by the cluster within about 10–30 s".
            await Poll.UntilAsync(() => ClusterDatabase.MembersAsync(_connectionString), m => m.GetValueOrDefault(b.NodeName) == Dead,
                TimeSpan.FromSeconds(30), $"{b.NodeName} declared dead within 30 s of its kill");
            output.WriteLine($"B declared dead {lost.ElapsedMilliseconds} ms after the kill");
            await Poll.UntilAsync(() => InstancesByNodeAsync(app),
                p => p.GetValueOrDefault(a.NodeName) + p.GetValueOrDefault(c.NodeName) == 3 && !p.ContainsKey(b.NodeName),
                TimeSpan.FromSeconds(30), "three web instances on the surviving nodes within 30 s of B declared dead");
            output.WriteLine($"three instances on survivors {lost.ElapsedMilliseconds} ms after the kill");
            foreach (var node in new[] { a, c })
            {
                await node.WaitForContentAsync(host, "served by the cluster");
            }

            var result = await load.StopAsync();
            output.WriteLine($"under load through A: {result.Total} requests, {result.Failed.Count} failed ({string.Join("; ", result.Failed.Distinct().Take(5))}), slowest {load.Slowest.TotalMilliseconds:0} ms");
            // A request sent to B's instances before the routes dropped them is sent to another instance.
            Assert.True(result.Failed.Count == 0, $"{result.Failed.Count} of {result.Total} requests failed: {string.Join("; ", result.Failed.Distinct().Take(5))}");
        }

        Assert.Equal("yes", (await new PaasCli(c, _token).OkAsync("config:get", app, "KEPT")).Trim());

        // Lose A too: C alone takes the next push and gives the history back.
        a.Kill();
        var lostA = Stopwatch.StartNew();
        await Poll.UntilAsync(() => ClusterDatabase.MembersAsync(_connectionString), m => m.GetValueOrDefault(a.NodeName) == Dead,
            TimeSpan.FromSeconds(30), $"{a.NodeName} declared dead within 30 s of its kill");
        output.WriteLine($"A declared dead {lostA.ElapsedMilliseconds} ms after the kill");
        // Once A is declared dead, the first push through C succeeds (no retrying until one does).
        await source.CommitAsync(Dockerfile, "after losing two nodes", "v2");
        var pushed = await source.PushAsync(c.RemoteUrl(app));
        Assert.True(pushed.ExitCode == 0, pushed.Output);
        await c.WaitForContentAsync(host, "after losing two nodes");
        var clone = Path.Combine(_dir, "clone");
        var cloned = await AppSource.GitIn(Path.GetTempPath(), "clone", c.RemoteUrl(app), clone);
        Assert.True(cloned.ExitCode == 0, cloned.Output);
        Assert.Equal(await source.HeadAsync(), (await AppSource.GitIn(clone, "rev-parse", "HEAD")).Output.Trim());
    }

    [Fact]
    public async Task Cluster_NodeDiesKeepingItsContainers_RejoinsTakesWorkAndItsStraysAreRemoved()
    {
        var (a, b, c) = (_nodes[0], _nodes[1], _nodes[2]);
        var app = "rj-" + Guid.NewGuid().ToString("N")[..6];
        using var source = await AppSource.CreateAsync(Dockerfile, "rejoin");
        var push = await source.PushAsync(a.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        await new PaasCli(a, _token).OkAsync("ps:scale", app, "web=3");
        await Poll.UntilAsync(() => InstancesByNodeAsync(app), p => _nodes.All(n => p.GetValueOrDefault(n.NodeName) == 1),
            TimeSpan.FromSeconds(30), "one web instance on each node");

        // B's process dies but its container keeps running: the cluster replaces it on A and C.
        b.Kill();
        await Poll.UntilAsync(() => InstancesByNodeAsync(app),
            p => p.GetValueOrDefault(a.NodeName) + p.GetValueOrDefault(c.NodeName) == 3, FailoverDeadline, "three instances on A and C");

        // B comes back under its name: its old container is a stray now, and it takes new work.
        var back = Node(b.NodeName, b.DataDir);
        _nodes[1] = back; // disposed with the others
        await back.StartAsync();
        await Poll.UntilAsync(() => InstancesByNodeAsync(app), p => !p.ContainsKey(b.NodeName), FailoverDeadline, "B's stray removed");
        await new PaasCli(back, _token).OkAsync("ps:scale", app, "web=4");
        var placed = await Poll.UntilAsync(() => InstancesByNodeAsync(app), p => p.Values.Sum() == 4, TimeSpan.FromSeconds(30), "four instances");
        Assert.Equal(1, placed.GetValueOrDefault(b.NodeName));
        await back.WaitForContentAsync($"{app}.{PaasNode.Domain}", "rejoin");
    }

    // A static site that says when it has booted, so its logs show every instance.
    private static string Dockerfile => $"""
        FROM {PaasNode.BaseImage}
        COPY www /www
        CMD ["sh", "-c", "echo booted; exec httpd -f -p $PORT -h /www"]
        """;

    /// <summary>Running web instances of the app per node label, from the shared engine.</summary>
    private static async Task<Dictionary<string, int>> InstancesByNodeAsync(string app)
    {
        using var docker = PaasNode.Docker();
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"paas.app={app}"] = true, ["paas.process=web"] = true },
            },
        });
        return containers.GroupBy(c => c.Labels["paas.node"]).ToDictionary(g => g.Key, g => g.Count());
    }

    private static async Task RemoveContainersOfAsync(string node)
    {
        using var docker = PaasNode.Docker();
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"paas.node={node}"] = true } },
        });
        foreach (var container in containers)
        {
            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }
    }
}
