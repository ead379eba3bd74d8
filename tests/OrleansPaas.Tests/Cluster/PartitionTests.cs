using System.Diagnostics;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// Three nodes as on three machines (one Docker engine each), the partition bound T set short. The
/// machine running an app's one worker freezes, as a frozen VM looks to the others: its containers
/// are paused and its node process stopped (SIGSTOP). The survivors declare it dead and re-place
/// its web instance at once, but start the worker only once T has passed since; when the machine
/// wakes (unpause, SIGCONT), it stops its own worker within seconds, before its silo ends.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PartitionTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Dead = 6;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    // The test reads the membership table every 100 ms; a survivor may have seen the death that much earlier.
    private static readonly TimeSpan PollSlack = TimeSpan.FromMilliseconds(500);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "paas-partition-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _token = "partition-token-" + Guid.NewGuid().ToString("N");
    private readonly List<DockerEngine> _engines = [];
    private readonly List<PaasNode> _nodes = [];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await pg.CreateDatabaseAsync("partition");
        var certificate = ClusterCertificates.CreatePfx(_dir, "cluster");
        for (var i = 0; i < 3; i++)
        {
            var engine = await DockerEngine.StartAsync();
            _engines.Add(engine);
            _nodes.Add(new PaasNode(null, $"p{i + 1}-{Guid.NewGuid().ToString("N")[..6]}", postgresConnectionString: _connectionString,
                certificatePath: certificate, nodeAddress: "127.0.0.1", adminToken: _token,
                settings: [$"--Paas:DockerEndpoint={engine.Endpoint}", $"--Paas:Cluster:PartitionBound={Bound:c}"]));
        }

        // One after the other: on a loaded test machine three silos starting at once miss each other's TLS handshakes.
        foreach (var node in _nodes)
        {
            await node.StartAsync();
        }

        await ClusterDatabase.WaitUntilActiveAsync(_connectionString, _nodes.Select(n => n.NodeName).ToArray());
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await ProcessRunner.RunAsync("sh", ["-c", $"kill -CONT {(node.HasExited ? 0 : node.ProcessId)} 2>/dev/null || true"]);
            await node.DisposeAsync();
        }

        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task FrozenMachine_WorkerRestartsOnlyAfterTheBound_WebAtOnce_TheWokenNodeStopsItsWorker()
    {
        var app = "pt-" + Guid.NewGuid().ToString("N")[..6];
        using var source = await AppSource.CreateFilesAsync(
            ("Dockerfile", AppSource.StaticSiteDockerfile()),
            ("www/index.html", "partitioned\n"),
            ("Procfile", "web: httpd -f -p $PORT -h /www\nworker: sh -c 'while true; do sleep 1; done'\n"));
        var push = await source.PushAsync(_nodes[0].RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        var scale = await new PaasCli(_nodes[0], _token).RunAsync("ps:scale", app, "web=3", "worker=1");
        Assert.True(scale.ExitCode == 0, scale.Output);

        // The machine to freeze is the one the worker was placed on; a web instance is there too.
        var workerOn = await Poll.UntilAsync(() => RunningOnEachAsync(app, "worker"), counts => counts.Sum() == 1,
            TimeSpan.FromSeconds(60), "one worker running");
        var x = Array.IndexOf(workerOn, 1);
        var (frozen, engine) = (_nodes[x], _engines[x]);
        var survivors = Enumerable.Range(0, 3).Where(i => i != x).ToList();
        var webs = await Poll.UntilAsync(() => RunningOnEachAsync(app, "web"), counts => counts.Sum() == 3,
            TimeSpan.FromSeconds(60), "three web instances running");
        Assert.True(webs[x] >= 1, $"no web instance on {frozen.NodeName} (web per node: {string.Join(", ", webs)})");
        var websOnSurvivors = survivors.Sum(i => webs[i]);

        // Freeze the machine: its containers, then its node process.
        var paused = (await engine.DockerAsync("ps", "-q")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(0, (await engine.DockerAsync(["pause", .. paused])).ExitCode);
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-STOP", frozen.ProcessId.ToString()])).ExitCode);
        var clock = Stopwatch.StartNew();

        await Poll.UntilAsync(() => ClusterDatabase.MembersAsync(_connectionString), m => m.GetValueOrDefault(frozen.NodeName) == Dead,
            TimeSpan.FromSeconds(90), $"{frozen.NodeName} declared dead");
        var declaredDead = clock.Elapsed;

        // From here on, watch the survivors: the web slot comes back at once, the worker only after T.
        TimeSpan? webBack = null;
        var workerBack = await Poll.UntilAsync(async () =>
        {
            var web = 0;
            var worker = 0;
            foreach (var i in survivors)
            {
                web += await RunningAsync(_engines[i], app, "web");
                worker += await RunningAsync(_engines[i], app, "worker");
            }

            webBack ??= web > websOnSurvivors ? clock.Elapsed - declaredDead : null;
            return worker > 0 ? clock.Elapsed - declaredDead : (TimeSpan?)null;
        }, since => since is not null, Bound + TimeSpan.FromSeconds(30), "the worker started again on a survivor");
        Assert.True(workerBack >= Bound - PollSlack,
            $"the worker started on a survivor {workerBack!.Value.TotalSeconds:0.0} s after {frozen.NodeName} was declared dead, before the bound of {Bound.TotalSeconds} s");
        Assert.True(webBack is not null && webBack < Bound, $"the web instance came back {webBack?.TotalSeconds:0.0} s after the death, not at once");

        // The machine wakes: its worker runs again for a moment, until its node fences it (measured from the unpause on).
        var woke = Stopwatch.StartNew();
        Assert.Equal(0, (await engine.DockerAsync(["unpause", .. paused])).ExitCode);
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-CONT", frozen.ProcessId.ToString()])).ExitCode);
        await Poll.UntilAsync(() => RunningAsync(engine, app, "worker"), running => running == 0, TimeSpan.FromSeconds(15),
            $"the woken {frozen.NodeName} to stop its worker");
        var overlap = woke.Elapsed;

        output.WriteLine($"{frozen.NodeName} declared dead {declaredDead.TotalSeconds:0.0} s after the freeze; web re-placed {webBack?.TotalSeconds:0.0} s "
            + $"and worker {workerBack!.Value.TotalSeconds:0.0} s after that (bound {Bound.TotalSeconds} s); after waking, its own worker ran on for {overlap.TotalSeconds:0.0} s");
        Assert.True(workerBack <= Bound + TimeSpan.FromSeconds(15), $"the worker came back {workerBack.Value.TotalSeconds:0.0} s after the death");
    }

    private async Task<int[]> RunningOnEachAsync(string app, string process)
    {
        var counts = new int[_engines.Count];
        for (var i = 0; i < _engines.Count; i++)
        {
            counts[i] = await RunningAsync(_engines[i], app, process);
        }

        return counts;
    }

    private static async Task<int> RunningAsync(DockerEngine engine, string app, string process)
    {
        var listed = await engine.DockerAsync("ps", "-q", "--filter", $"label=paas.app={app}", "--filter", $"label=paas.process={process}",
            "--filter", "status=running");
        if (listed.ExitCode != 0)
        {
            throw new InvalidOperationException(listed.Output);
        }

        return listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
