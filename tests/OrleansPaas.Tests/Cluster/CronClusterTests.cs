using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// A cron job every minute on two nodes as on two machines (each with its own Docker engine), exactly
/// once per minute, including across the death of the node that ran the last run. That node is also
/// the one whose silo holds the app's cron grain: a run goes to the grain's own node while it is live.
/// </summary>
/// <remarks>
/// The contract asserted: every scheduled minute gets exactly one container across both engines.
/// A minute that falls after the kill but before the survivor has taken the grain over (the cluster
/// declares the node dead, then the reminder, read from the shared table by the survivor, ticks
/// within its one-minute period) may start late, by at most that wait; it is run once then (within
/// <c>Paas:Cron:CatchUp</c>), never twice and not skipped. Only when several minutes pass before the
/// takeover are they folded into one run (the issue's "run once on recovery"); the kill here comes
/// just after a run ended, so the takeover comes long before the second minute and both are run.
/// After the kill the test does not call the platform until both minutes have run on the survivor's
/// engine: the takeover must come from the reminder, not from a request that happens to wake the grain.
/// </remarks>
[Collection(PostgresCollection.Name)]
public sealed class CronClusterTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private ThreeMachineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ThreeMachineCluster.StartAsync(pg, 2, "cc");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task EveryMinuteJob_TwoNodes_ExactlyOncePerMinute_AcrossTheDeathOfTheNodeThatRanTheLastRun()
    {
        var nodes = _cluster.Nodes;
        var app = $"cc-{Guid.NewGuid().ToString("N")[..6]}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "cron in a cluster");
        await source.CommitFilesAsync("a job every minute", ("app.json", """{"cron":[{"command":"echo tick","schedule":"* * * * *"}]}"""));
        // Each engine's container starts, followed live from before the push (an engine keeps only its last events).
        var starts = _cluster.Engines.Select(engine => BackgroundProcess.Start("docker", ["-H", engine.Endpoint, "events", "--filter", "event=start",
            "--filter", $"label=paas.app={app}", "--format", "{{.TimeNano}} {{index .Actor.Attributes \"paas.process\"}}"],
            Path.GetTempPath(), new Dictionary<string, string>())).ToList();
        try
        {
            var push = await source.PushAsync(nodes[0].RemoteUrl(app));
            Assert.True(push.ExitCode == 0, push.Output);

            // One minute boundary observed: a scheduled run that ended, and the node it ran on.
            var before = await Poll.UntilAsync(async () => ScheduledRuns(await new PaasCli(nodes[0]).OkAsync("cron:list", app, "--json")),
                r => r.Any(run => run.Ended), TimeSpan.FromSeconds(150), "a first scheduled run that ended");
            var last = before.Where(r => r.Ended).MaxBy(r => r.ScheduledFor)!;
            var victim = nodes.Single(n => n.NodeName == last.Node);
            var survivor = nodes.Single(n => n != victim);
            var (m0, m1, m2) = (last.ScheduledFor, last.ScheduledFor + Minute, last.ScheduledFor + 2 * Minute);

            // Its machine dies: containers, engine and node, killed.
            var killedAt = DateTimeOffset.UtcNow;
            await _cluster.Engines[IndexOf(victim)].KillAsync();
            victim.Kill();
            await _cluster.WaitDeclaredDeadAsync(victim);
            var declaredDeadAt = DateTimeOffset.UtcNow;
            output.WriteLine($"last run before the kill: {m0:HH:mm:ss} on {victim.NodeName}; killed at {killedAt:HH:mm:ss.fff}, "
                + $"declared dead {(declaredDeadAt - killedAt).TotalSeconds:0.0} s later");

            // The next two minutes run on the survivor's engine, woken only by the surviving reminder.
            var survivorStarts = starts[IndexOf(survivor)];
            await Poll.UntilAsync(() => Task.FromResult(CronStarts(survivorStarts.Output).Count(s => s >= m1) >= 2),
                m2 + TimeSpan.FromSeconds(90) - DateTimeOffset.UtcNow, $"two cron containers on {survivor.NodeName} from {m1:HH:mm:ss} on");
            var after = await Poll.UntilAsync(async () => ScheduledRuns(await new PaasCli(survivor).OkAsync("cron:list", app, "--json")),
                r => r.Count(run => run.ScheduledFor >= m1 && run.Ended) >= 2, TimeSpan.FromSeconds(30), "the records of the two runs after the kill");
            var ended = after.Where(r => r.ScheduledFor >= m1 && r.Ended).ToList();
            // A second container for a minute starts right with the first; the other engine's stream has ended with it.
            foreach (var stream in starts)
            {
                stream.Kill();
            }

            var all = starts.SelectMany(s => CronStarts(s.Output)).Order().ToList();
            var perMinute = all.GroupBy(s => Floor(s)).Select(g => $"{g.Key:HH:mm}: {g.Count()}");
            output.WriteLine($"cron containers started per minute across both engines: {string.Join(", ", perMinute)}");
            foreach (var run in ended)
            {
                output.WriteLine($"run for {run.ScheduledFor:HH:mm:ss} started {(run.StartedAt - run.ScheduledFor).TotalSeconds:0.0} s after its time on {run.Node} "
                    + $"({(run.StartedAt - declaredDeadAt).TotalSeconds:0.0} s after the death was declared)");
            }

            // Exactly once per scheduled minute: in the records, and in the engines' container starts.
            var scheduled = after.Select(r => r.ScheduledFor).ToList();
            Assert.Equal(scheduled.Count, scheduled.Distinct().Count());
            Assert.Equal([m1, m2], ended.Select(r => r.ScheduledFor).Order().Take(2));
            Assert.All(ended, r => Assert.Equal((survivor.NodeName, 0L), (r.Node, r.ExitCode)));
            Assert.True(all.Count(s => s >= m1 && s < m2 + Minute) == 2, $"{all.Count(s => s >= m1)} containers from {m1:HH:mm:ss} on: {string.Join(", ", all.Select(s => s.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}");
            Assert.Equal(1, all.Count(s => s >= m0 && s < m1));

            // Late by at most the takeover: the death declared, then one reminder period (plus the engine's start).
            foreach (var run in ended.Take(2))
            {
                var latest = (run.ScheduledFor > declaredDeadAt ? run.ScheduledFor : declaredDeadAt) + Minute + TimeSpan.FromSeconds(15);
                Assert.True(run.StartedAt <= latest, $"the run for {run.ScheduledFor:HH:mm:ss} started at {run.StartedAt:HH:mm:ss}, after {latest:HH:mm:ss}");
            }
        }
        finally
        {
            foreach (var stream in starts)
            {
                stream.Dispose();
            }
        }
    }

    private int IndexOf(PaasNode node) => _cluster.Nodes.ToList().IndexOf(node);

    private static DateTimeOffset Floor(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);

    /// <summary>When each cron container started, by the engine's clock (the same machine's as the platform's).</summary>
    private static IEnumerable<DateTimeOffset> CronStarts(string events) => events.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(l => l.Contains(" cron.", StringComparison.Ordinal))
        .Select(l => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(l.Split(' ')[0], CultureInfo.InvariantCulture) / 1_000_000));

    private sealed record Run(DateTimeOffset ScheduledFor, DateTimeOffset StartedAt, bool Ended, long? ExitCode, string? Node);

    private static List<Run> ScheduledRuns(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("runs").EnumerateArray()
            .Where(r => Has(r, "scheduledFor", JsonValueKind.String))
            .Select(r => new Run(r.GetProperty("scheduledFor").GetDateTimeOffset(), r.GetProperty("startedAt").GetDateTimeOffset(),
                Has(r, "endedAt", JsonValueKind.String), Has(r, "exitCode", JsonValueKind.Number) ? r.GetProperty("exitCode").GetInt64() : null,
                Has(r, "node", JsonValueKind.String) ? r.GetProperty("node").GetString() : null))
            .ToList();
    }

    private static bool Has(JsonElement element, string name, JsonValueKind kind) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == kind;
}
