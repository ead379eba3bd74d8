using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// <c>storage:move</c> between machines (each node with its own Docker engine, so a volume is only
/// where it was made or copied): a copy that fails leaves the app serving its file where it was; the
/// move copies the file, and the app serves it from the new node. A one-off run on the volume refuses
/// the move, naming the run; a copy that stops making progress is given up and the app serves where it was.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StorageMoveClusterTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private ThreeMachineCluster _cluster = null!;

    /// <summary>Short, so a stalled copy is given up within the test; a copy still moving is never cut.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(20);

    public async Task InitializeAsync() => _cluster = await ThreeMachineCluster.StartAsync(pg, "sm", $"--Paas:Storage:MoveStallTimeout={StallTimeout:c}");

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
        var from = StorageNode(await cli.OkAsync("storage:list", app, "--json"));
        var to = _cluster.Nodes.First(n => n.NodeName != from).NodeName;
        // A one-off run mounting the volume runs only on its node: through any other it is refused, naming that node.
        var elsewhere = _cluster.Nodes.First(n => n.NodeName != from);
        Assert.Contains($"keeps its storage on node {from}", await new PaasCli(elsewhere).FailsAsync("run", app, "--", "touch", "/data/lost"));
        await new PaasCli(NodeNamed(from)).OkAsync("run", app, "--", "sh", "-c", "echo kept-across-nodes > /data/note");
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
        Assert.Equal("kept-across-nodes", (await new PaasCli(NodeNamed(to)).OkAsync("run", app, "--", "cat", "/data/note")).Trim());
    }

    private PaasNode NodeNamed(string name) => _cluster.Nodes.Single(n => n.NodeName == name);

    [Fact]
    public async Task StorageMove_OneOffRunOnTheVolumeRefusesIt_AndACopyThatStallsLeavesTheAppServingOnTheOldNode()
    {
        var a = _cluster.Nodes[0];
        var cli = new PaasCli(a);
        var app = $"sm-{Guid.NewGuid().ToString("N")[..6]}";
        var host = $"{app}.{PaasNode.Domain}";
        var volume = $"paas-{app}-data";
        await cli.OkAsync("apps:create", app);
        await cli.OkAsync("storage:create", app, "data", "/data");
        using var site = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile("RUN chmod 755 /www/cgi-bin/note"), "v1");
        await site.CommitFilesAsync("note", ("www/cgi-bin/note", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\ncat /data/note 2>&1\n"),
            ("app.json", """{"cron": [{"command": "touch /data/cron", "schedule": "0 0 1 1 *"}]}"""));
        var push = await site.PushAsync(a.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        var from = StorageNode(await cli.OkAsync("storage:list", app, "--json"));
        var fromIndex = _cluster.Nodes.ToList().FindIndex(n => n.NodeName == from);
        var source = _cluster.Engines[fromIndex];
        // One-off runs run on the node they are asked of: asked of the volume's node, they use its volume.
        var onSource = new PaasCli(_cluster.Nodes[fromIndex]);
        var toIndex = _cluster.Nodes.ToList().FindIndex(n => n.NodeName != from);
        var to = _cluster.Nodes[toIndex].NodeName;
        var target = _cluster.Engines[toIndex];
        // Large enough that the copy is still going when the target's engine is frozen below.
        await onSource.OkAsync("run", app, "--", "sh", "-c", "dd if=/dev/zero of=/data/big bs=1M count=1536 2>/dev/null && echo kept-through-a-failed-move > /data/note");
        Assert.Equal((HttpStatusCode.OK, "kept-through-a-failed-move\n"), await a.GetAsync(host, "/cgi-bin/note"));

        // A one-off run holds the volume: the move is refused, naming it, and nothing stops.
        var held = onSource.RunAsync("run", app, "--", "sh", "-c", "echo held > /data/held; sleep 600");
        var run = await Poll.UntilAsync(() => RunningAsync(source, "run"), id => id.Length > 0, TimeSpan.FromSeconds(60), "the one-off run to be running");
        var refused = await cli.FailsAsync("storage:move", app, "data", to);
        output.WriteLine(refused);
        Assert.Contains($"in use on node {from} by a one-off run `sh -c ", refused);
        Assert.Contains($"(container {run[..12]}, started ", refused);
        Assert.StartsWith($"storage:move of {app} refused: ", refused);
        Assert.Equal(run, await RunningAsync(source, "run"));
        Assert.Equal(from, StorageNode(await cli.OkAsync("storage:list", app, "--json")));
        Assert.Equal((HttpStatusCode.OK, "kept-through-a-failed-move\n"), await a.GetAsync(host, "/cgi-bin/note"));
        Assert.Equal(0, (await source.DockerAsync("rm", "-f", run)).ExitCode);
        await held;

        // The copy starts, then the target's engine stops reading (frozen): no bytes arrive, and after the stall
        // timeout the move gives the copy up and the app runs on its old node again, with its files.
        // Timed from the move's start: the copy's progress is judged from its own start (or its last byte), which
        // may come before the freeze when no byte had arrived yet.
        var clock = Stopwatch.StartNew();
        var moving = cli.RunAsync("storage:move", app, "data", to);
        var daemon = (await File.ReadAllTextAsync(Path.Combine(target.Root, "docker.pid"))).Trim();
        await Poll.UntilAsync(() => RunningAsync(target, null, copier: true), id => id.Length > 0, TimeSpan.FromSeconds(120), "the copy to start on the target");
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-STOP", daemon])).ExitCode);
        if (moving.IsCompleted)
        {
            Assert.Fail($"the move ended before the target's engine was frozen: {await moving}");
        }
        try
        {
            // Meanwhile no run starts on the volume: neither a one-off nor a cron run.
            var job = JsonDocument.Parse(await cli.OkAsync("cron:list", app, "--json")).RootElement.GetProperty("jobs")[0].GetProperty("id").GetString()!;
            Assert.Contains($"storage:move is copying volume 'data' of {app} to node {to}", await onSource.FailsAsync("run", app, "--", "touch", "/data/late"));
            Assert.Contains($"storage:move is copying volume 'data' of {app} to node {to}", await cli.FailsAsync("cron:run", app, job));
            Assert.False(moving.IsCompleted, "the move had ended before the refusals: they did not come during it");
            await Poll.UntilAsync(() => Task.FromResult(_cluster.Nodes.Any(n => n.LogCount("made no progress after") > 0)), TimeSpan.FromSeconds(90),
                "the move to give the stalled copy up");
            output.WriteLine($"given up {clock.Elapsed.TotalSeconds:0.0} s after the move began, the target's engine frozen (stall timeout {StallTimeout.TotalSeconds} s)");
            Assert.True(clock.Elapsed >= StallTimeout, $"given up after only {clock.Elapsed}");
        }
        finally
        {
            await ProcessRunner.RunAsync("kill", ["-CONT", daemon]);
        }

        var failed = await moving;
        output.WriteLine(failed.ToString());
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains($"the copy made no progress for {StallTimeout.TotalSeconds:0} s (Paas:Storage:MoveStallTimeout)", failed.StandardError);
        Assert.Contains($"it runs on node {from} as before", failed.StandardError);
        Assert.Equal(from, StorageNode(await cli.OkAsync("storage:list", app, "--json")));
        var report = JsonDocument.Parse(await cli.OkAsync("ps:report", app, "--json")).RootElement;
        Assert.All(report.GetProperty("instances").EnumerateArray(), i => Assert.Equal(from, i.GetProperty("node").GetString()));
        Assert.Equal((HttpStatusCode.OK, "kept-through-a-failed-move\n"), await a.GetAsync(host, "/cgi-bin/note"));
        // The half-copied volume on the target goes once its engine answers again.
        await Poll.UntilAsync(async () => (await target.DockerAsync("volume", "ls", "-q", "--filter", $"name={volume}")).StandardOutput.Trim(),
            names => names.Length == 0, TimeSpan.FromSeconds(60), "the partial copy to be removed from the target");
    }

    /// <summary>The id of a running container of the app's runs (<paramref name="process"/>) or a copier on the engine; "" when none.</summary>
    private static async Task<string> RunningAsync(DockerEngine engine, string? process, bool copier = false)
    {
        var filter = copier ? "label=paas.volume.copy" : $"label=paas.process={process}";
        // A copier is created and never started; a run counts once it runs.
        var listed = await engine.DockerAsync(copier ? ["ps", "-a", "--no-trunc", "-q", "--filter", filter] : ["ps", "--no-trunc", "-q", "--filter", filter]);
        return listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
    }

    private static string StorageNode(string storageList) => JsonDocument.Parse(storageList).RootElement.GetProperty("node").GetString()!;
}
