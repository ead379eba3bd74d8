using System.Diagnostics;
using System.Net;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// Three nodes as on three machines: each with its own Docker engine (<see cref="DockerEngine"/>), so
/// an image is only where it was built or sent. The machine that built every app dies (its
/// containers, its engine and the node process, killed): every app answers again on the survivors
/// within 30 s of the node being declared dead.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LostMachineTests(PostgresServer pg, ITestOutputHelper output) : IAsyncLifetime
{
    private ThreeMachineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ThreeMachineCluster.StartAsync(pg, "lm");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IReadOnlyList<PaasNode> Nodes => _cluster.Nodes;

    private IReadOnlyList<DockerEngine> Engines => _cluster.Engines;

    [Fact]
    public async Task BuildMachineDies_EveryAppAnswersAgainWithin30sOfTheNodeDeclaredDead()
    {
        var (a, b, c) = (Nodes[0], Nodes[1], Nodes[2]);
        var apps = Enumerable.Range(1, 3).Select(i => $"lm{i}-{Guid.NewGuid().ToString("N")[..6]}").ToList();
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "survives its builder");
        foreach (var app in apps)
        {
            var push = await source.PushAsync(a.RemoteUrl(app));
            Assert.True(push.ExitCode == 0, push.Output);
        }

        // Every release image is on two engines before its deploy committed.
        foreach (var app in apps)
        {
            var image = await CurrentImageAsync(a, app);
            var holders = 0;
            foreach (var engine in Engines)
            {
                holders += await engine.HasImageAsync(image) ? 1 : 0;
            }

            Assert.True(holders >= 2, $"{image} is on {holders} engine(s)");
        }

        // A's machine dies: its containers, its engine and its node, all killed.
        await Engines[0].KillAsync();
        a.Kill();
        var killed = Stopwatch.StartNew();
        await _cluster.WaitDeclaredDeadAsync(a);
        var declaredDead = killed.Elapsed;
        var dead = Stopwatch.StartNew();
        foreach (var app in apps)
        {
            foreach (var node in new[] { b, c })
            {
                await Poll.UntilAsync(() => node.GetAsync($"{app}.{PaasNode.Domain}"), r => r.Status == HttpStatusCode.OK && r.Body.Contains("survives its builder"),
                    TimeSpan.FromSeconds(30) - dead.Elapsed > TimeSpan.Zero ? TimeSpan.FromSeconds(30) - dead.Elapsed : TimeSpan.FromMilliseconds(1),
                    $"{app} to answer through {node.NodeName} within 30 s of {a.NodeName} declared dead");
            }
        }

        output.WriteLine($"{a.NodeName} declared dead {declaredDead.TotalSeconds:0.0} s after the kill; every app answered on both survivors {dead.Elapsed.TotalSeconds:0.0} s later");
    }

    private static async Task<string> CurrentImageAsync(PaasNode node, string app)
    {
        using var api = node.Api();
        var releases = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync($"/api/apps/{app}/releases")).RootElement;
        return releases.EnumerateArray().Single(r => r.GetProperty("current").GetBoolean()).GetProperty("image").GetString()!;
    }
}
