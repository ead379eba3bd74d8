using System.Diagnostics;
using System.Net;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>Deploys, rollbacks, config changes and restarts under load; health checks; supervision; image retention.</summary>
[Collection(NodeCollection.Name)]
public sealed class ZeroDowntimeTests(NodeFixture fixture, ITestOutputHelper output)
{
    private PaasNode Node => fixture.Node;
    private PaasCli Cli => new(Node);

    [Fact]
    public async Task Deploys_UnderContinuousLoad_NoRequestFailsAndEveryAnswerIsAVersion()
    {
        var app = NodeFixture.NewAppName("steady");
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "version 0");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);

        using var load = new LoadLoop(Node, host, clients: 3, maxRequests: 200_000, maxDuration: TimeSpan.FromMinutes(4));
        var watch = Stopwatch.StartNew();
        for (var version = 1; version <= 10; version++)
        {
            await source.CommitAsync(AppSource.StaticSiteDockerfile(), $"version {version}", $"v{version}");
            var push = await source.PushAsync(Node.RemoteUrl(app));
            Assert.True(push.ExitCode == 0, push.Output);
        }

        var deploys = watch.Elapsed;
        await Cli.OkAsync("releases:rollback", app);
        await load.WaitForBodyAsync("version 9\n");
        await Cli.OkAsync("config:set", app, "SOME_SETTING=changed");
        await Cli.OkAsync("ps:restart", app);
        await load.WaitForRequestsAsync(50);
        var result = await load.StopAsync();

        output.WriteLine($"10 deploys took {deploys.TotalSeconds:0.0}s; with rollback, config change and restart {watch.Elapsed.TotalSeconds:0.0}s");
        output.WriteLine($"requests: {result.Total}, failed: {result.Failed.Count}, answers: {string.Join(", ", result.Bodies.OrderBy(b => b.Key).Select(b => $"{b.Key.Trim()}={b.Value}"))}");
        Assert.True(result.Failed.Count == 0, "failed requests: " + string.Join(" | ", result.Failed.Take(5)));
        Assert.True(result.Total > 100, $"the load loop sent only {result.Total} requests");
        Assert.All(result.Bodies.Keys, body => Assert.Matches(@"^version (\d|10)\n$", body));
        Assert.Equal("version 9\n", (await Node.GetAsync(host)).Body);
    }

    [Fact]
    public async Task Deploy_FailingHealthCheck_FailsThePushWithTheCheckOutputAndOldVersionServes()
    {
        var app = NodeFixture.NewAppName("checked");
        var appJson = """{ "healthchecks": { "web": [ { "type": "startup", "name": "health page", "path": "/health.html", "content": "healthy", "attempts": 2, "wait": 1, "timeout": 2 } ] } }""";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "checked v1");
        await source.CommitFilesAsync("health", ("app.json", appJson), ("www/health.html", "healthy\n"));
        var first = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(first.ExitCode == 0, first.Output);

        await source.CommitFilesAsync("sick", ("www/health.html", "sick\n"), ("www/index.html", "checked v2\n"));
        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("health check 'health page' failed after 2 attempt(s): GET /health.html answered without 'healthy' (got: sick)", push.Output);
        Assert.Equal((HttpStatusCode.OK, "checked v1\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
        Assert.Equal("v1", Assert.Single(await Node.ContainersAsync(app)).Labels["paas.release"]);
    }

    [Fact]
    public async Task Rollback_ServesThePreviousContentFromItsImageWithoutABuild()
    {
        var app = NodeFixture.NewAppName("rollback");
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "first content");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "second content", "second");
        var push = Stopwatch.StartNew();
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        await Node.WaitForContentAsync(host, "second content");
        push.Stop();

        var rollback = Stopwatch.StartNew();
        var result = await Cli.OkAsync("releases:rollback", app, "v1");
        Assert.Equal((HttpStatusCode.OK, "first content\n"), await Node.GetAsync(host));
        rollback.Stop();

        output.WriteLine($"build+deploy {push.ElapsedMilliseconds} ms, rollback {rollback.ElapsedMilliseconds} ms");
        Assert.Contains("v1", result);
        using var json = System.Text.Json.JsonDocument.Parse(await Cli.OkAsync("releases", app, "--json"));
        var newest = json.RootElement[0];
        Assert.Equal("Rollback to v1", newest.GetProperty("description").GetString());
        // The rollback runs v1's own image: nothing was built.
        Assert.Equal($"paas/{app}:v1", newest.GetProperty("image").GetString());
        // The old instance drains and stops after the rollback answered.
        var remaining = await Poll.UntilAsync(() => Node.ContainersAsync(app), c => c.Count == 1, TimeSpan.FromSeconds(30), "the v2 instance to retire");
        Assert.Equal("v3", remaining[0].Labels["paas.release"]);
    }

    [Fact]
    public async Task KilledInstance_TrafficMovesToTheOtherAtOnceAndTheKilledOneComesBack()
    {
        var app = NodeFixture.NewAppName("phoenix");
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "survivor");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        await Cli.OkAsync("ps:scale", app, "web=2");
        var victim = (await Node.ContainersAsync(app)).Single(c => c.Labels["paas.index"] == "1");

        using var load = new LoadLoop(Node, host, clients: 2, maxRequests: 100_000, maxDuration: TimeSpan.FromMinutes(2));
        await load.WaitForRequestsAsync(20);
        var killedAt = Stopwatch.StartNew();
        Assert.Equal(0, (await ProcessRunner.RunAsync("docker", ["kill", victim.ID])).ExitCode);

        var replacement = await Poll.UntilAsync(() => Node.ContainersAsync(app),
            c => c.Any(x => x.Labels["paas.index"] == "1" && x.ID != victim.ID && x.State == "running"),
            TimeSpan.FromSeconds(60), "web.1 to be replaced");
        // A first crash restarts at once, on the engine's event (a missed event waits for the next
        // 10 s pass). 20 s bounds both on a loaded CI machine, where one rehearsal took 9.0 s: this
        // catches a replacement that does not come promptly, not which of the two paths made it.
        var replacedAfter = killedAt.Elapsed;
        output.WriteLine($"kill to replacement running: {replacedAfter.TotalMilliseconds:0} ms");
        Assert.True(replacedAfter < TimeSpan.FromSeconds(20), $"web.1 was replaced {replacedAfter.TotalMilliseconds:0} ms after the kill");
        await Poll.UntilAsync(async () => (await Cli.RunAsync("ps:report", app, "--json")).StandardOutput.Contains("\"state\":\"running\",\"restarts\":1"),
            TimeSpan.FromSeconds(60), "web.1 to answer again");
        killedAt.Stop();
        await load.WaitForRequestsAsync(20);
        var result = await load.StopAsync();

        output.WriteLine($"kill to replacement answering: {killedAt.ElapsedMilliseconds} ms; requests {result.Total}, failed {result.Failed.Count}");
        // A response already on its way to a client when the process got SIGKILL cannot be saved
        // (at most one per client); every other request reaches the surviving instance.
        Assert.True(result.Failed.Count <= 2, "failed requests: " + string.Join(" | ", result.Failed.Take(5)));
        Assert.DoesNotContain(await Node.ContainersAsync(app), c => c.ID == victim.ID);
        var report = await Cli.OkAsync("ps:report", app, "--json");
        Assert.Contains("\"lastExitCode\":137", report);
        Assert.Equal(2, (await Node.ContainersAsync(app)).Count(c => c.State == "running"));
    }

    /// <summary>
    /// A killed container sends no reset: a request already on its way to it would hang until a
    /// timeout. Two apps of two instances each under request loops; one instance is killed twenty
    /// times (taking the apps' four slots in turn, so the restart back-off stays short), each time once
    /// both of its app's instances serve again: no request fails and none hangs.
    /// </summary>
    [Fact]
    public async Task KilledInstance_TwentyTimesUnderLoad_NoRequestFailsOrHangs()
    {
        var apps = new[] { NodeFixture.NewAppName("kill-a"), NodeFixture.NewAppName("kill-b") };
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "still here");
        foreach (var app in apps)
        {
            var pushed = await source.PushAsync(Node.RemoteUrl(app));
            Assert.True(pushed.ExitCode == 0, pushed.Output);
            await Cli.OkAsync("ps:scale", app, "web=2");
        }

        using var loadA = new LoadLoop(Node, $"{apps[0]}.{PaasNode.Domain}", clients: 2, maxRequests: 1_000_000, maxDuration: TimeSpan.FromMinutes(6));
        using var loadB = new LoadLoop(Node, $"{apps[1]}.{PaasNode.Domain}", clients: 2, maxRequests: 1_000_000, maxDuration: TimeSpan.FromMinutes(6));
        var loads = new[] { loadA, loadB };
        await loadA.WaitForRequestsAsync(20);
        await loadB.WaitForRequestsAsync(20);

        for (var kill = 0; kill < 20; kill++)
        {
            var (app, load) = (apps[kill % 2], loads[kill % 2]);
            var index = (kill / 2 % 2 + 1).ToString();
            var running = await Poll.UntilAsync(() => Node.ContainersAsync(app), c => c.Count(x => x.State == "running") == 2,
                TimeSpan.FromSeconds(60), $"{app} to run two instances before kill {kill + 1}");
            // Both serve through the gateway (each container answers with its own HOSTNAME, its short id).
            await WaitUntilServedByAsync($"{app}.{PaasNode.Domain}", running.Select(c => c.ID[..12]).ToList(), $"both instances of {app} to serve before kill {kill + 1}");
            var victim = running.Single(c => c.Labels["paas.index"] == index);
            await load.WaitForRequestsAsync(20);
            output.WriteLine($"kill {kill + 1} of {victim.ID[..12]} ({app}) at {DateTime.UtcNow:HH:mm:ss.fff}");
            Assert.Equal(0, (await ProcessRunner.RunAsync("docker", ["kill", victim.ID])).ExitCode);
            await load.WaitForRequestsAsync(20);
        }

        foreach (var load in loads)
        {
            var result = await load.StopAsync();
            output.WriteLine($"requests {result.Total}, failed {result.Failed.Count}, slowest {load.Slowest.TotalMilliseconds:0} ms, " +
                $"p99 {load.Percentile(99).TotalMilliseconds:0} ms, p99.9 {load.Percentile(99.9).TotalMilliseconds:0} ms; slow: {string.Join(", ", load.SlowRequests)}");
            Assert.True(result.Failed.Count == 0, "failed requests: " + string.Join(" | ", result.Failed.Take(5)));
            // A request on its way to the killed instance used to hang until the client gave up (5 s);
            // then every other request waited out the 500 ms connect timeout to the dead address for
            // as long as the routes listed it again (up to the next 10 s pass): p99 was about 510 ms.
            // Now p99 is 80-230 ms on this loaded 2-core machine, and the slowest about 0.3 s (once the
            // test process stopped starving its own clients of threads: TestProcessThreads).
            Assert.True(load.Percentile(99) < TimeSpan.FromMilliseconds(400), $"p99 was {load.Percentile(99).TotalMilliseconds:0} ms");
            Assert.True(load.Slowest < TimeSpan.FromSeconds(1),
                $"the slowest request took {load.Slowest.TotalMilliseconds:0} ms (slow ones: {string.Join(", ", load.SlowRequests)})");
        }
    }

    private async Task WaitUntilServedByAsync(string host, IReadOnlyList<string> hostnames, string what)
    {
        var unseen = hostnames.ToHashSet(StringComparer.Ordinal);
        await Poll.UntilAsync(async () =>
        {
            var (status, body) = await Node.GetAsync(host, "/cgi-bin/env");
            unseen.RemoveWhere(name => status == System.Net.HttpStatusCode.OK && body.Contains($"HOSTNAME={name}", StringComparison.Ordinal));
            return unseen.Count == 0;
        }, TimeSpan.FromSeconds(60), what);
    }

    [Fact]
    public async Task Retention_KeepTwo_RemovesOlderReleaseImagesFromTheEngine()
    {
        var app = NodeFixture.NewAppName("keep");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "keep 1");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        for (var version = 2; version <= 4; version++)
        {
            await source.CommitAsync(AppSource.StaticSiteDockerfile(), $"keep {version}", $"v{version}");
            Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        }

        // Pruning runs after each deploy's old instances have stopped, so the last two releases'
        // images are what remains once the background work has settled.
        string[] kept = [$"paas/{app}:v3", $"paas/{app}:v4"];
        await Poll.UntilAsync(() => ImageTagsAsync(app), t => t.Order().SequenceEqual(kept),
            TimeSpan.FromSeconds(60), "only the last two release images to remain");
        Assert.Contains("Image size", await Cli.OkAsync("apps:info", app));
        Assert.Contains("was removed", await Cli.FailsAsync("releases:rollback", app, "v1"));
    }

    private static async Task<List<string>> ImageTagsAsync(string app)
    {
        using var docker = PaasNode.Docker();
        var images = await docker.Images.ListImagesAsync(new Docker.DotNet.Models.ImagesListParameters { All = true });
        return images.SelectMany(i => i.RepoTags ?? []).Where(t => t.StartsWith($"paas/{app}:", StringComparison.Ordinal)).ToList();
    }
}
