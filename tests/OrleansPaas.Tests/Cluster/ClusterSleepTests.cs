using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// Waking in a two-node cluster: requests arriving at both gateways at the same moment start the
/// sleeping app once — its grain is the single activator for the whole cluster.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterSleepTests(PostgresServer pg) : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "paas-cluster-sleep-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _token = "cluster-sleep-token-" + Guid.NewGuid().ToString("N");
    private PaasNode _a = null!;
    private PaasNode _b = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await pg.CreateDatabaseAsync("cluster_sleep");
        var certificate = ClusterCertificates.CreatePfx(_dir, "cluster");
        _a = new PaasNode(nodeName: "sleep-a-" + Guid.NewGuid().ToString("N")[..6], postgresConnectionString: connectionString, certificatePath: certificate,
            nodeAddress: "127.0.0.1", adminToken: _token);
        _b = new PaasNode(nodeName: "sleep-b-" + Guid.NewGuid().ToString("N")[..6], postgresConnectionString: connectionString, certificatePath: certificate,
            nodeAddress: "127.0.0.1", adminToken: _token);
        await Task.WhenAll(_a.StartAsync(), _b.StartAsync());
        await ClusterDatabase.WaitUntilActiveAsync(connectionString, _a.NodeName, _b.NodeName);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task SleepingApp_RequestsAtBothGatewaysAtOnce_StartOneInstance_AllAreAnswered()
    {
        var app = "nap-" + Guid.NewGuid().ToString("N")[..6];
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "one instance for two gateways");
        var push = await source.PushAsync(_a.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        var before = Assert.Single(await RunningAsync(app));
        // Build records are cluster state: the other node reads the push's whole output.
        using (var fromB = _b.Api())
        {
            Assert.Contains("Application deployed", await fromB.GetStringAsync($"/api/apps/{app}/builds/latest/output"));
        }

        using var api = _a.Api();
        using (var set = await api.PutAsJsonAsync($"/api/apps/{app}/ps/settings/sleep-after", new { value = "3s" }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        await Poll.UntilAsync(async () => (State: await StateAsync(api, app), Running: (await RunningAsync(app)).Count),
            r => r is { State: "sleeping", Running: 0 }, TimeSpan.FromSeconds(30), $"{app} to be asleep");

        var atBoth = await Task.WhenAll(_a.GetAtOnceAsync(host, 10), _b.GetAtOnceAsync(host, 10));
        var answers = atBoth.SelectMany(a => a).ToList();

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "one instance for two gateways\n"), a));
        var after = Assert.Single(await RunningAsync(app));
        Assert.Equal(before.ID, after.ID);
        using var report = JsonDocument.Parse(await api.GetStringAsync($"/api/apps/{app}/ps"));
        Assert.Equal(1, report.RootElement.GetProperty("sleep").GetProperty("wakes").GetInt32());
    }

    private static async Task<string?> StateAsync(HttpClient api, string app) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/apps/{app}/ps")).GetProperty("sleep").GetProperty("state").GetString();

    /// <summary>The app's running instances on the engine both nodes share, whichever node runs them.</summary>
    private static async Task<IList<ContainerListResponse>> RunningAsync(string app)
    {
        using var docker = PaasNode.Docker();
        return await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"paas.app={app}"] = true, ["paas.index"] = true },
            },
        });
    }
}
