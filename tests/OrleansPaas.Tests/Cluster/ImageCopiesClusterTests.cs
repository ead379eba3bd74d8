using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// Three nodes as on three machines (each with its own Docker engine, so an image is only where it
/// was built or sent): the current release's image is on two live engines again after one of its
/// holders' machines dies, and when no engine holds it any more it is rebuilt from the stored
/// repository and the app answers again, with the rebuild in the build records.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ImageCopiesClusterTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private ThreeMachineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ThreeMachineCluster.StartAsync(pg, "ic");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private List<PaasNode> Nodes => [.. _cluster.Nodes];

    private List<DockerEngine> Engines => [.. _cluster.Engines];

    [Fact]
    public async Task HolderMachineDies_TheImageIsOnTwoLiveEnginesAgain()
    {
        var a = Nodes[0];
        var app = $"ic-{Guid.NewGuid().ToString("N")[..6]}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "two copies");
        var push = await source.PushAsync(a.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        var (image, _, instanceNode) = await CurrentAsync(a, app);
        var holders = await HoldersAsync(image, Engines);
        Assert.True(holders.Count == 2, $"{image} is on {holders.Count} engine(s) after the deploy");

        // The holder that runs no instance dies: the app keeps serving, and only the pass can make the copy again.
        var victim = holders.Select(i => Nodes.IndexOf(i)).Select(i => (Index: i, Node: Nodes[i])).First(h => h.Node.NodeName != instanceNode).Index;
        var survivors = Enumerable.Range(0, 3).Where(i => i != victim).ToList();
        await Engines[victim].KillAsync();
        Nodes[victim].Kill();
        var killed = Stopwatch.StartNew();
        await _cluster.WaitDeclaredDeadAsync(Nodes[victim]);
        var declaredDead = killed.Elapsed;
        var dead = Stopwatch.StartNew();
        var liveEngines = survivors.Select(i => Engines[i]).ToList();
        await Poll.UntilAsync(async () => (await HoldersAsync(image, liveEngines)).Count, n => n == 2, TimeSpan.FromSeconds(30),
            $"{image} on both live engines within 30 s of {Nodes[victim].NodeName} declared dead");

        output.WriteLine($"{Nodes[victim].NodeName} declared dead {declaredDead.TotalSeconds:0.0} s after the kill; "
            + $"{image} on two live engines again {dead.Elapsed.TotalSeconds:0.0} s later ({killed.Elapsed.TotalSeconds:0.0} s after the kill)");
        var answer = await survivors.Select(i => Nodes[i]).First().GetAsync($"{app}.{PaasNode.Domain}");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task ImageRemovedFromEveryEngine_AndInstanceKilled_IsRebuilt_AndTheAppAnswersAgain()
    {
        var a = Nodes[0];
        var app = $"ir-{Guid.NewGuid().ToString("N")[..6]}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "rebuilt image");
        var push = await source.PushAsync(a.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        var (image, version, instanceNode) = await CurrentAsync(a, app);

        // Behind the platform's back: the image leaves every engine, then the instance dies. Removed
        // until no engine has it: a pass may be copying it to a third node at this moment (seen in
        // CI: the look raced the deploy's own copy), and that copy lands after the first removal.
        await Poll.UntilAsync(async () =>
        {
            foreach (var engine in Engines)
            {
                await engine.DockerAsync("rmi", "-f", image);
            }

            return (await HoldersAsync(image, Engines)).Count == 0;
        }, TimeSpan.FromSeconds(30), $"{image} to be gone from every engine");
        var running = Engines[Nodes.FindIndex(n => n.NodeName == instanceNode)];
        var containers = await running.DockerAsync("ps", "-q", "--filter", $"label=paas.app={app}");
        var ids = containers.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(ids);
        await running.DockerAsync(["kill", .. ids]);
        var killed = Stopwatch.StartNew();

        await Poll.UntilAsync(() => a.GetAsync($"{app}.{PaasNode.Domain}"), r => r.Status == HttpStatusCode.OK && r.Body.Contains("rebuilt image"),
            TimeSpan.FromSeconds(60), $"{app} to answer again from a rebuilt image");
        output.WriteLine($"{app} answered again {killed.Elapsed.TotalSeconds:0.0} s after its instance was killed with its image gone everywhere");

        using var api = a.Api();
        // The rebuild's record is written as the job ends, just after its instances serve. The app
        // may also have answered first from a copy a pass was still making when the image was
        // removed (seen in a CI rehearsal): the rebuild queued meanwhile still has to finish.
        var rebuild = await Poll.UntilAsync(async () => JsonDocument.Parse(await api.GetStringAsync($"/api/apps/{app}/builds")).RootElement
                .EnumerateArray().SingleOrDefault(b => b.TryGetProperty("rebuildOf", out var of) && of.ValueKind == JsonValueKind.Number && of.GetInt32() == version),
            b => b.ValueKind == JsonValueKind.Object && b.GetProperty("result").GetString() is not ("running" or "queued"),
            TimeSpan.FromSeconds(90), "the rebuild's record to be finished");
        Assert.Equal("succeeded", rebuild.GetProperty("result").GetString());
        var text = await api.GetStringAsync($"/api/apps/{app}/builds/{rebuild.GetProperty("id").GetInt32()}/output");
        Assert.Contains($"Rebuilding {app} v{version}", text);
        Assert.NotEmpty(await HoldersAsync(image, Engines));
    }

    /// <summary>The current release's image and version, and the node its first instance runs on.</summary>
    private static async Task<(string Image, int Version, string InstanceNode)> CurrentAsync(PaasNode node, string app)
    {
        using var api = node.Api();
        var releases = JsonDocument.Parse(await api.GetStringAsync($"/api/apps/{app}/releases")).RootElement;
        var current = releases.EnumerateArray().Single(r => r.GetProperty("current").GetBoolean());
        var details = JsonDocument.Parse(await api.GetStringAsync($"/api/apps/{app}")).RootElement;
        var instance = details.GetProperty("instances").EnumerateArray().First();
        return (current.GetProperty("image").GetString()!, current.GetProperty("version").GetInt32(), instance.GetProperty("node").GetString()!);
    }

    private async Task<List<PaasNode>> HoldersAsync(string image, IReadOnlyList<DockerEngine> engines)
    {
        var holders = new List<PaasNode>();
        foreach (var engine in engines)
        {
            if (await engine.HasImageAsync(image))
            {
                holders.Add(Nodes[Engines.IndexOf(engine)]);
            }
        }

        return holders;
    }
}
