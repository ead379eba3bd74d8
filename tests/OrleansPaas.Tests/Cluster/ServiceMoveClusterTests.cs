using System.Diagnostics;
using System.Text.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// A PostgreSQL service changes node, as on two machines (each node with its own Docker engine, so the service's
/// container and volume are only where they were made): <c>services:move</c> carries its rows to the other node, a
/// linked app's container there reaches it through its DATABASE_URL, and nothing of it stays on the old engine;
/// <c>services:restore --node</c> brings it back on the survivor from a backup in S3 after its node died,
/// without the writes made after that backup, and the node, back, stops the copy it had left running.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ServiceMoveClusterTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly S3rverServer _s3 = new();
    private ThreeMachineCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        await _s3.StartAsync();
        _cluster = await ThreeMachineCluster.StartAsync(pg, 2, "sv", [.. _s3.Settings()]);
        foreach (var engine in _cluster.Engines)
        {
            // The stand-in PostgreSQL and Redis images, as the machines would have pulled them.
            var loaded = await ProcessRunner.RunAsync("sh", ["-c", $"docker save {PaasNode.PostgresImage} {PaasNode.RedisImage} | docker -H {engine.Endpoint} load"], timeout: TimeSpan.FromMinutes(2));
            Assert.True(loaded.ExitCode == 0, loaded.Output);
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _s3.DisposeAsync();
    }

    [Fact]
    public async Task ServicesMove_CarriesTheRowsToTheOtherNode_TheLinkedAppThereReachesIt_NothingStaysOnTheOldEngine()
    {
        var cli = new PaasCli(_cluster.Nodes[0]);
        var app = $"sv-{Guid.NewGuid().ToString("N")[..6]}";
        var service = $"svdb-{Guid.NewGuid().ToString("N")[..6]}";
        await cli.OkAsync("apps:create", app);
        using (var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "v1"))
        {
            var push = await source.PushAsync(_cluster.Nodes[0].RemoteUrl(app));
            Assert.True(push.ExitCode == 0, push.Output);
        }

        // On the node its grain runs on (a); the app's two web instances are spread over both nodes until it is linked.
        await cli.OkAsync("services:create", "postgres", service);
        var home = await NodeOfAsync(cli, service);
        var aIndex = _cluster.Nodes.ToList().FindIndex(n => n.NodeName == home);
        var (a, b) = (_cluster.Nodes[aIndex], _cluster.Nodes[1 - aIndex]);
        var (oldEngine, newEngine) = (_cluster.Engines[aIndex], _cluster.Engines[1 - aIndex]);
        await cli.OkAsync("ps:scale", app, "web=2");
        await cli.OkAsync("services:link", service, app);
        // A second linked app, stopped: the move leaves it stopped.
        var resting = $"sv-{Guid.NewGuid().ToString("N")[..6]}";
        using (var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "resting"))
        {
            var push = await source.PushAsync(_cluster.Nodes[0].RemoteUrl(resting));
            Assert.True(push.ExitCode == 0, push.Output);
        }

        await cli.OkAsync("services:link", service, resting);
        await cli.OkAsync("ps:stop", resting);
        await Poll.UntilAsync(() => SqlAsync(a, service, "CREATE TABLE notes (t text); INSERT INTO notes SELECT 'row' || g FROM generate_series(1, 500) g;"),
            r => r.ExitCode == 0, TimeSpan.FromSeconds(90), "PostgreSQL to take the rows");
        // Linked, the app's instances run beside the service: both on a, none on b (b's network has no way to it).
        await Poll.UntilAsync(async () => (OnA: await LinkedContainersAsync(oldEngine, app), OnB: await RunningContainersAsync(newEngine, app)),
            found => found.OnA.Count == 2 && found.OnB.Count == 0, TimeSpan.FromSeconds(120), "both web instances of the linked release on a, none left on b");

        // Bad input: a sentence each, and nothing changes.
        Assert.Contains($"runs on node {a.NodeName} already", await cli.FailsAsync("services:move", service, a.NodeName));
        Assert.Contains("'no-such-node' is not a live node of the cluster", await cli.FailsAsync("services:move", service, "no-such-node"));
        Assert.Contains("does not exist", await cli.FailsAsync("services:move", "svdb-nosuch", b.NodeName));
        Assert.Contains($"use services:move {service} {b.NodeName}", await cli.FailsAsync("services:restore", service, "20261205-030000-a1b2c3", "--node", b.NodeName));
        Assert.Equal(a.NodeName, await NodeOfAsync(cli, service));

        // A move that fails on the way (b cannot start the image) leaves it serving on a, and nothing of it on b.
        Assert.Equal(0, (await newEngine.DockerAsync("image", "rm", PaasNode.PostgresImage)).ExitCode);
        var failed = await cli.FailsAsync("services:move", service, b.NodeName);
        output.WriteLine(failed);
        Assert.Contains($"the image '{PaasNode.PostgresImage}' is not on node {b.NodeName}", failed);
        Assert.Contains($"it serves on node {a.NodeName} as before", failed);
        Assert.Equal(a.NodeName, await NodeOfAsync(cli, service));
        Assert.Contains("500", (await SqlAsync(a, service, "SELECT count(*) FROM notes;")).StandardOutput);
        Assert.Equal("", (await newEngine.DockerAsync("volume", "ls", "-q", "--filter", $"name=paas-service-{service}-data")).StandardOutput.Trim());
        Assert.Equal("", (await newEngine.DockerAsync("network", "ls", "-q", "--filter", $"name=paas-service-{service}")).StandardOutput.Trim());
        var reloaded = await ProcessRunner.RunAsync("sh", ["-c", $"docker save {PaasNode.PostgresImage} | docker -H {newEngine.Endpoint} load"], timeout: TimeSpan.FromMinutes(2));
        Assert.True(reloaded.ExitCode == 0, reloaded.Output);

        var clock = Stopwatch.StartNew();
        var moved = await cli.OkAsync("services:move", service, b.NodeName);
        output.WriteLine($"services:move took {clock.Elapsed.TotalSeconds:0.0} s:\n{moved}");
        Assert.Contains($"Moving service {service} from node {a.NodeName} to node {b.NodeName}", moved);
        Assert.Contains($"{service} serves on node {b.NodeName}", moved);
        Assert.Contains($"Restarting {app} so that its instances run beside {service} on node {b.NodeName}", moved);
        Assert.DoesNotContain("was not restarted", moved);
        Assert.DoesNotContain($"Restarting {resting}", moved);

        var info = JsonDocument.Parse(await cli.OkAsync("services:info", service, "--json")).RootElement;
        Assert.Equal(b.NodeName, info.GetProperty("node").GetString());
        Assert.Equal("running", info.GetProperty("status").GetString());
        Assert.Contains("500", (await SqlAsync(b, service, "SELECT count(*) FROM notes;")).StandardOutput);
        // The app followed it (restarted beside it): its containers are on b, on the service's network there, and reach it
        // through their DATABASE_URL; none is left on a.
        var onB = (await Poll.UntilAsync(async () => (OnA: await RunningContainersAsync(oldEngine, app), OnB: await LinkedContainersAsync(newEngine, app)),
            found => found.OnA.Count == 0 && found.OnB.Count == 2, TimeSpan.FromSeconds(60), "both web instances on b, none left on a")).OnB[0];
        var network = $"paas-service-{service}";
        var attached = await newEngine.DockerAsync("inspect", "--format", "{{json .NetworkSettings.Networks}}", onB);
        Assert.Contains($"\"{network}\"", attached.StandardOutput);
        await using (await AcceptWithinBridgeAsync(newEngine, network))
        {
            var reached = await newEngine.DockerAsync("exec", onB, "sh", "-c", "hp=${DATABASE_URL#*@}; h=${hp%:*}; echo | nc -w 3 \"$h\" 5432 && echo reached");
            Assert.True(reached.StandardOutput.Contains("reached", StringComparison.Ordinal), reached.ToString());
        }

        Assert.Empty(await RunningContainersAsync(oldEngine, resting));
        Assert.Empty(await RunningContainersAsync(newEngine, resting));

        // Nothing of it stays on a's engine: container, network and volume.
        Assert.Equal("", (await oldEngine.DockerAsync("ps", "-aq", "--filter", $"name=paas-service-{service}")).StandardOutput.Trim());
        Assert.Equal("", (await oldEngine.DockerAsync("volume", "ls", "-q", "--filter", $"name=paas-service-{service}-data")).StandardOutput.Trim());
        Assert.Equal("", (await oldEngine.DockerAsync("network", "ls", "-q", "--filter", $"name=paas-service-{service}")).StandardOutput.Trim());
    }

    [Fact]
    public async Task ServicesMove_Redis_CarriesItsKeysToTheOtherNode()
    {
        var cli = new PaasCli(_cluster.Nodes[0]);
        var cache = $"svrd-{Guid.NewGuid().ToString("N")[..6]}";
        await cli.OkAsync("services:create", "redis", cache);
        var home = await NodeOfAsync(cli, cache);
        var to = _cluster.Nodes.Single(n => n.NodeName != home);
        await Poll.UntilAsync(() => RedisAsync(to, cache, "SET greeting moved-with-its-node"), r => r.StandardOutput.Contains("OK", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "Redis to take the key");

        // Through the API, as the CLI reads it: each step's line comes as it happens, not all of them at the end.
        var clock = Stopwatch.StartNew();
        using var api = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _cluster.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_cluster.Nodes[0].ControlUrl}/api/services/{cache}/move")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { node = to.NodeName }),
        };
        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = new List<(TimeSpan At, string Line)>();
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add((clock.Elapsed, line));
            }
        }

        output.WriteLine($"services:move (redis) took {clock.Elapsed.TotalSeconds:0.0} s:\n{string.Join("\n", lines.Select(l => $"{l.At.TotalSeconds,6:0.00} {l.Line}"))}");
        Assert.Contains("Moving service", lines[0].Line);
        Assert.Contains("\"exitCode\":0", lines[^1].Line);
        Assert.True(lines[^1].At - lines[0].At > TimeSpan.FromSeconds(1),
            $"the first step's line came {(lines[^1].At - lines[0].At).TotalSeconds:0.00} s before the end: the steps were not streamed as they happened");
        Assert.Equal(to.NodeName, await NodeOfAsync(cli, cache));
        Assert.Contains("moved-with-its-node", (await RedisAsync(to, cache, "GET greeting")).StandardOutput);
    }

    [Fact]
    public async Task ServicesRestoreNode_AfterItsNodeDied_BringsTheBackedUpRowsBackOnTheSurvivor_LaterWritesAreLost_TheReturningNodeStopsItsOldCopy()
    {
        var service = $"svdb-{Guid.NewGuid().ToString("N")[..6]}";
        await new PaasCli(_cluster.Nodes[0]).OkAsync("services:create", "postgres", service);
        // On the node its grain runs on (a): that machine dies below.
        var home = await NodeOfAsync(new PaasCli(_cluster.Nodes[0]), service);
        var aIndex = _cluster.Nodes.ToList().FindIndex(n => n.NodeName == home);
        var (a, b) = (_cluster.Nodes[aIndex], _cluster.Nodes[1 - aIndex]);
        await Poll.UntilAsync(() => SqlAsync(a, service, "CREATE TABLE notes (t text); INSERT INTO notes SELECT 'row' || g FROM generate_series(1, 300) g;"),
            r => r.ExitCode == 0, TimeSpan.FromSeconds(90), "PostgreSQL to take the rows");
        var backup = JsonDocument.Parse(await new PaasCli(a).OkAsync("services:backup", service, "--json")).RootElement;
        var id = backup.GetProperty("id").GetString()!;
        Assert.Equal("ok", backup.GetProperty("verification").GetString());
        Assert.Equal(0, (await SqlAsync(a, service, "INSERT INTO notes VALUES ('written after the backup');")).ExitCode);

        // The node's process dies (kill -9); its engine, and the service's container on it, run on.
        a.Kill();
        await _cluster.WaitDeclaredDeadAsync(a);
        var cli = new PaasCli(b);
        Assert.Contains($"services:restore {service} ID --node {b.NodeName}", await cli.FailsAsync("services:move", service, b.NodeName));
        Assert.Contains("is not a live node of the cluster", await cli.FailsAsync("services:restore", service, id, "--node", a.NodeName));
        Assert.Contains($"backup '20260101-000000-000000' of {service} cannot be reached from node {b.NodeName}",
            await cli.FailsAsync("services:restore", service, "20260101-000000-000000", "--node", b.NodeName));
        Assert.Contains(id, await cli.OkAsync("services:backups", service));

        var clock = Stopwatch.StartNew();
        var restored = await cli.OkAsync("services:restore", service, id, "--node", b.NodeName);
        output.WriteLine($"services:restore --node took {clock.Elapsed.TotalSeconds:0.0} s:\n{restored}");
        Assert.Contains("writes made after that backup are lost", restored);
        Assert.Equal(b.NodeName, await NodeOfAsync(cli, service));
        var rows = await SqlAsync(b, service, "SELECT count(*) FROM notes;");
        Assert.Contains("300", rows.StandardOutput);
        Assert.DoesNotContain("301", rows.StandardOutput);

        // The node comes back: its keeper stops the old container (nothing writes to the data left behind), and keeps it.
        await a.StartAsync();
        var oldEngine = _cluster.Engines[aIndex];
        await Poll.UntilAsync(async () => (await oldEngine.DockerAsync("inspect", "--format", "{{.State.Status}}", $"paas-service-{service}")).StandardOutput.Trim(),
            status => status == "exited", TimeSpan.FromSeconds(90), "the container left behind on the returned node to be stopped");
        Assert.Equal(b.NodeName, await NodeOfAsync(new PaasCli(a), service));
        Assert.Contains("300", (await SqlAsync(a, service, "SELECT count(*) FROM notes;")).StandardOutput);
    }

    /// <summary>
    /// The test engines run with <c>--iptables=false</c> (several on one host), so the rule a real engine adds for each
    /// bridge network (traffic within the bridge is accepted, past the host's FORWARD policy of DROP) is added here
    /// for the service's network while the app reaches it, and removed after.
    /// </summary>
    private static async Task<IAsyncDisposable> AcceptWithinBridgeAsync(DockerEngine engine, string network)
    {
        var id = (await engine.DockerAsync("network", "inspect", "--format", "{{.Id}}", network)).StandardOutput.Trim();
        var bridge = "br-" + id[..12];
        string[] rule = ["FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT"];
        var added = await ProcessRunner.RunAsync("iptables", ["-I", .. rule]);
        Assert.True(added.ExitCode == 0, added.ToString());
        return new Undo(() => ProcessRunner.RunAsync("iptables", ["-D", .. rule]));
    }

    private sealed class Undo(Func<Task> undo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await undo();
    }

    private static async Task<string?> NodeOfAsync(PaasCli cli, string service) =>
        JsonDocument.Parse(await cli.OkAsync("services:info", service, "--json")).RootElement.GetProperty("node").GetString();

    /// <summary>The running containers of <paramref name="app"/> on <paramref name="engine"/>.</summary>
    private static async Task<IReadOnlyList<string>> RunningContainersAsync(DockerEngine engine, string app) =>
        (await engine.DockerAsync("ps", "-q", "--filter", $"label=paas.app={app}")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The running containers of <paramref name="app"/> whose environment has DATABASE_URL (the linked release's).</summary>
    private static async Task<IReadOnlyList<string>> LinkedContainersAsync(DockerEngine engine, string app)
    {
        var linked = new List<string>();
        foreach (var id in await RunningContainersAsync(engine, app))
        {
            var env = await engine.DockerAsync("inspect", "--format", "{{json .Config.Env}}", id);
            if (env.StandardOutput.Contains("DATABASE_URL=", StringComparison.Ordinal))
            {
                linked.Add(id);
            }
        }

        return linked;
    }

    private Task<ProcessResult> RedisAsync(PaasNode through, string service, string command) => ConsoleAsync(through, service, command);

    /// <summary>psql in the service's container through services:connect on <paramref name="through"/>, the SQL on standard input (a failed statement fails it).</summary>
    private Task<ProcessResult> SqlAsync(PaasNode through, string service, string sql) => ConsoleAsync(through, service, $"\\set ON_ERROR_STOP on\n{sql}");

    /// <summary>services:connect on <paramref name="through"/> with <paramref name="input"/> as its standard input.</summary>
    private Task<ProcessResult> ConsoleAsync(PaasNode through, string service, string input) =>
        ProcessRunner.RunAsync("bash", ["-c", $"dotnet {PaasCliDll} services:connect {service} <<'INPUT'\n{input}\nINPUT"], Path.GetTempPath(), new Dictionary<string, string>
        {
            ["PAAS_URL"] = through.ControlUrl,
            ["PAAS_TOKEN"] = _cluster.Token,
        }, TimeSpan.FromMinutes(3));

    private static string PaasCliDll => Path.Combine(RepositoryRoot.Path, "cli", "OrleansPaas.Cli", "bin", PaasNode.BuildConfiguration, "net10.0", "paas.dll");
}
