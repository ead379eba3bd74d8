using System.Diagnostics;
using System.Globalization;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// Three nodes as on three machines (one Docker engine each), the partition bound T set short. The
/// network link of the machine running an app's one worker goes down while the machine runs on
/// (<see cref="NetworkCut"/>): unlike a frozen machine, the cut-off node is awake and must act on its
/// own. It stops its worker once it has had no contact for a while, keeping its web instance; the
/// survivors start the worker only after T, so the two never run at once; when the link comes back,
/// the node finds it was declared dead and ends without starting its worker again.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NetworkPartitionTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private ThreeMachineCluster _cluster = null!;

    // The nodes' logs say why a vote was held back or cast (read when the death comes late).
    public async Task InitializeAsync() => _cluster = await ThreeMachineCluster.StartCuttableAsync(pg, "np", $"--Paas:Cluster:PartitionBound={Bound:c}",
        "--Logging:LogLevel:Orleans.Runtime.MembershipService=Information");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task CutOffMachine_StopsItsOwnWorkerBeforeTheSurvivorsStartOne_AndEndsWhenTheLinkReturns()
    {
        var nodes = _cluster.Nodes;
        var app = "np-" + Guid.NewGuid().ToString("N")[..6];
        using var source = await AppSource.CreateFilesAsync(
            ("Dockerfile", AppSource.StaticSiteDockerfile()),
            ("www/index.html", "cut off\n"),
            ("Procfile", "web: httpd -f -p $PORT -h /www\nworker: sh -c 'while true; do sleep 1; done'\n"));
        var push = await source.PushAsync(nodes[0].RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        var scale = await new PaasCli(nodes[0], _cluster.Token).RunAsync("ps:scale", app, "web=3", "worker=1");
        Assert.True(scale.ExitCode == 0, scale.Output);

        // The machine to cut off is the one the worker runs on; a web instance is there too.
        var workerOn = await Poll.UntilAsync(() => _cluster.RunningOnEachAsync(app, "worker"), counts => counts.Sum() == 1,
            TimeSpan.FromSeconds(60), "one worker running");
        var x = Array.IndexOf(workerOn, 1);
        var (cutOff, engine) = (nodes[x], _cluster.Engines[x]);
        var survivors = Enumerable.Range(0, 3).Where(i => i != x).ToList();
        await Poll.UntilAsync(() => _cluster.RunningOnEachAsync(app, "web"), counts => counts.Sum() == 3 && counts[x] >= 1,
            TimeSpan.FromSeconds(60), $"three web instances running, one of them on {cutOff.NodeName}");

        await cutOff.Network!.CutAsync();
        var clock = Stopwatch.StartNew();

        // Awake but alone, the node stops its own worker (silence of T/2, then the stop's grace), and only that.
        await Poll.UntilAsync(() => engine.RunningAsync(app, "worker"), running => running == 0, Bound + TimeSpan.FromSeconds(20),
            $"the cut-off {cutOff.NodeName} to stop its own worker");
        var fenced = clock.Elapsed;
        // The fenced container ended before this (its app's grain, still active there, may remove it: it starts no new one).
        var fencedSeen = DateTimeOffset.UtcNow;
        Assert.True(await engine.RunningAsync(app, "web") >= 1, $"the cut-off {cutOff.NodeName} stopped its web instance too: web instances keep serving their last routes");

        await _cluster.WaitDeclaredDeadAsync(cutOff);
        var declaredDead = clock.Elapsed;
        Assert.True(declaredDead <= ThreeMachineCluster.SilentMachineDeclaredDead,
            $"{cutOff.NodeName} was declared dead {declaredDead.TotalSeconds:0.0} s after its link went down (README: about 30-45 s)");
        var workerBack = await Poll.UntilAsync(async () =>
        {
            foreach (var i in survivors)
            {
                if (await _cluster.Engines[i].RunningAsync(app, "worker") > 0)
                {
                    return (Index: i, At: clock.Elapsed);
                }
            }

            return ((int Index, TimeSpan At)?)null;
        }, back => back is not null, Bound + TimeSpan.FromSeconds(45), "the worker started again on a survivor").WithReportAsync(
            () => new PaasCli(nodes[survivors[0]], _cluster.Token).RunAsync("ps:report", app));

        // Never two at once: the new worker started (its engine's clock, this host's) after the fenced one was seen gone.
        var newWorker = Assert.Single((await _cluster.Engines[workerBack!.Value.Index].DockerAsync("ps", "-q", "--filter", $"label=paas.app={app}",
            "--filter", "label=paas.process=worker", "--filter", "status=running")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var newStarted = await StateTimeAsync(_cluster.Engines[workerBack.Value.Index], newWorker, "StartedAt");
        Assert.True(newStarted > fencedSeen,
            $"the survivor's worker started at {newStarted:HH:mm:ss.fff}, before the cut-off node's was seen stopped at {fencedSeen:HH:mm:ss.fff}");

        // The link returns: the node reads that it was declared dead and ends; its worker stays stopped meanwhile.
        await cutOff.Network.HealAsync();
        var workersSeenAfterHeal = 0;
        await Poll.UntilAsync(async () =>
        {
            workersSeenAfterHeal = Math.Max(workersSeenAfterHeal, await engine.RunningAsync(app, "worker"));
            return cutOff.HasExited;
        }, TimeSpan.FromSeconds(60), $"{cutOff.NodeName} to end once its link returned");
        Assert.True(workersSeenAfterHeal == 0, $"{cutOff.NodeName} started its worker again once its link returned");
        Assert.Equal(1, (await _cluster.RunningOnEachAsync(app, "worker")).Sum());

        output.WriteLine($"cut-off {cutOff.NodeName} stopped its worker {fenced.TotalSeconds:0.0} s after the cut (T = {Bound.TotalSeconds} s); "
            + $"declared dead after {declaredDead.TotalSeconds:0.0} s; worker on a survivor after {workerBack.Value.At.TotalSeconds:0.0} s, "
            + $"{(newStarted - fencedSeen).TotalSeconds:0.0} s after the fenced one was seen stopped");
        Assert.True(fenced <= Bound + TimeSpan.FromSeconds(5), $"the cut-off node stopped its worker only {fenced.TotalSeconds:0.0} s after the cut");
    }

    /// <summary>A container's start time as its engine recorded it.</summary>
    private static async Task<DateTimeOffset> StateTimeAsync(DockerEngine engine, string containerId, string field)
    {
        var inspected = await engine.DockerAsync("inspect", "-f", $"{{{{.State.{field}}}}}", containerId);
        Assert.True(inspected.ExitCode == 0, inspected.Output);
        // RFC 3339 with nanoseconds: .NET reads at most seven fractional digits.
        var text = System.Text.RegularExpressions.Regex.Replace(inspected.StandardOutput.Trim(), @"(\.\d{7})\d+", "$1");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
    }
}
