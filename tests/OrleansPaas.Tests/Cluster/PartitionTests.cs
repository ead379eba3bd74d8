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
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    // The test sees the death in the membership table later than the survivors do (its own poll, a
    // query on a loaded machine): the worker may seem that much early. Without the hold it would
    // start with the web instance, a few seconds after the death, far below Bound - PollSlack.
    private static readonly TimeSpan PollSlack = TimeSpan.FromSeconds(3);
    private ThreeMachineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ThreeMachineCluster.StartAsync(pg, "pt", $"--Paas:Cluster:PartitionBound={Bound:c}");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IReadOnlyList<PaasNode> Nodes => _cluster.Nodes;

    private IReadOnlyList<DockerEngine> Engines => _cluster.Engines;

    [Fact]
    public async Task FrozenMachine_WorkerRestartsOnlyAfterTheBound_WebAtOnce_TheWokenNodeStopsItsWorker()
    {
        var app = "pt-" + Guid.NewGuid().ToString("N")[..6];
        using var source = await AppSource.CreateFilesAsync(
            ("Dockerfile", AppSource.StaticSiteDockerfile()),
            ("www/index.html", "partitioned\n"),
            ("Procfile", "web: httpd -f -p $PORT -h /www\nworker: sh -c 'while true; do sleep 1; done'\n"));
        var push = await source.PushAsync(Nodes[0].RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        var scale = await new PaasCli(Nodes[0], _cluster.Token).RunAsync("ps:scale", app, "web=3", "worker=1");
        Assert.True(scale.ExitCode == 0, scale.Output);

        // The machine to freeze is the one the worker was placed on; a web instance is there too.
        var workerOn = await Poll.UntilAsync(() => _cluster.RunningOnEachAsync(app, "worker"), counts => counts.Sum() == 1,
            TimeSpan.FromSeconds(60), "one worker running");
        var x = Array.IndexOf(workerOn, 1);
        var (frozen, engine) = (Nodes[x], Engines[x]);
        var survivors = Enumerable.Range(0, 3).Where(i => i != x).ToList();
        var webs = await Poll.UntilAsync(() => _cluster.RunningOnEachAsync(app, "web"), counts => counts.Sum() == 3,
            TimeSpan.FromSeconds(60), "three web instances running");
        Assert.True(webs[x] >= 1, $"no web instance on {frozen.NodeName} (web per node: {string.Join(", ", webs)})");
        var websOnSurvivors = survivors.Sum(i => webs[i]);

        // Freeze the machine: its containers, then its node process.
        var paused = (await engine.DockerAsync("ps", "-q")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(0, (await engine.DockerAsync(["pause", .. paused])).ExitCode);
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-STOP", frozen.ProcessId.ToString()])).ExitCode);
        var clock = Stopwatch.StartNew();

        await _cluster.WaitDeclaredDeadAsync(frozen);
        var declaredDead = clock.Elapsed;
        Assert.True(declaredDead <= ThreeMachineCluster.SilentMachineDeclaredDead,
            $"{frozen.NodeName} was declared dead {declaredDead.TotalSeconds:0.0} s after it froze (README: about 30-45 s)");

        // From here on, watch the survivors: the web slot comes back at once, the worker only after T.
        TimeSpan? webBack = null;
        var workerBack = await Poll.UntilAsync(async () =>
        {
            var web = 0;
            var worker = 0;
            foreach (var i in survivors)
            {
                web += await Engines[i].RunningAsync(app, "web");
                worker += await Engines[i].RunningAsync(app, "worker");
            }

            webBack ??= web > websOnSurvivors ? clock.Elapsed - declaredDead : null;
            return worker > 0 ? clock.Elapsed - declaredDead : (TimeSpan?)null;
        }, since => since is not null, Bound + TimeSpan.FromSeconds(30), "the worker started again on a survivor").WithReportAsync(
            () => new PaasCli(Nodes[survivors[0]], _cluster.Token).RunAsync("ps:report", app));
        Assert.True(workerBack >= Bound - PollSlack,
            $"the worker started on a survivor {workerBack!.Value.TotalSeconds:0.0} s after {frozen.NodeName} was declared dead, before the bound of {Bound.TotalSeconds} s");
        Assert.True(webBack is not null && webBack < Bound, $"the web instance came back {webBack?.TotalSeconds:0.0} s after the death, not at once");

        // The machine wakes: its worker runs again for a moment, until its node fences it (measured from the unpause on).
        var woke = Stopwatch.StartNew();
        Assert.Equal(0, (await engine.DockerAsync(["unpause", .. paused])).ExitCode);
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-CONT", frozen.ProcessId.ToString()])).ExitCode);
        await Poll.UntilAsync(() => engine.RunningAsync(app, "worker"), running => running == 0, TimeSpan.FromSeconds(15),
            $"the woken {frozen.NodeName} to stop its worker");
        var overlap = woke.Elapsed;

        output.WriteLine($"{frozen.NodeName} declared dead {declaredDead.TotalSeconds:0.0} s after the freeze; web re-placed {webBack?.TotalSeconds:0.0} s "
            + $"and worker {workerBack!.Value.TotalSeconds:0.0} s after that (bound {Bound.TotalSeconds} s); after waking, its own worker ran on for {overlap.TotalSeconds:0.0} s");
        Assert.True(workerBack <= Bound + TimeSpan.FromSeconds(15), $"the worker came back {workerBack.Value.TotalSeconds:0.0} s after the death");
    }
}
