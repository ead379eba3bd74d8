using OrleansPaas.Tests.Cluster;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// Three nodes as on three machines: each with its own Docker engine (<see cref="DockerEngine"/>),
/// so an image is only where it was built or sent, on a database of their own. Nodes start one
/// after another (started at once on a loaded 2-core machine, one can miss its start deadline) and
/// the cluster is ready once all (three, or as many as asked) are Active in the membership table.
/// </summary>
public sealed class ThreeMachineCluster : IAsyncDisposable
{

    /// <summary>
    /// The README's "a machine that goes silent is declared dead within about 30-45 s", with a margin
    /// for the test's own poll of the membership table.
    /// </summary>
    public static readonly TimeSpan SilentMachineDeclaredDead = TimeSpan.FromSeconds(50);

    private readonly List<DockerEngine> _engines = [];
    private readonly List<PaasNode> _nodes = [];

    private ThreeMachineCluster(string connectionString, string token)
    {
        ConnectionString = connectionString;
        Token = token;
    }

    public string ConnectionString { get; }

    /// <summary>The admin token all three nodes share.</summary>
    public string Token { get; }

    public IReadOnlyList<DockerEngine> Engines => _engines;

    public IReadOnlyList<PaasNode> Nodes => _nodes;

    /// <param name="name">Names the database and prefixes the nodes' names.</param>
    /// <param name="settings">Added to every node's settings (after its own Docker endpoint).</param>
    public static Task<ThreeMachineCluster> StartAsync(PostgresServer pg, string name, params string[] settings) =>
        StartAsync(pg, 3, name, settings);

    /// <summary>The same with <paramref name="machines"/> nodes instead of three (two: one survivor for each death).</summary>
    public static Task<ThreeMachineCluster> StartAsync(PostgresServer pg, int machines, string name, params string[] settings) =>
        StartAsync(pg, machines, name, cuttable: false, settings);

    /// <summary>Three nodes whose network links a test can cut, one at a time (<see cref="PaasNode.Network"/>).</summary>
    public static Task<ThreeMachineCluster> StartCuttableAsync(PostgresServer pg, string name, params string[] settings) =>
        StartAsync(pg, 3, name, cuttable: true, settings);

    private static async Task<ThreeMachineCluster> StartAsync(PostgresServer pg, int machines, string name, bool cuttable, string[] settings)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var cluster = new ThreeMachineCluster(await pg.CreateDatabaseAsync(name.Replace('-', '_')), $"{name}-token-{Guid.NewGuid():N}");
        try
        {
            var certificate = ClusterCertificates.CreatePfx(Path.Combine(Path.GetTempPath(), $"paas-{name}-{suffix}"), "cluster");
            for (var i = 0; i < machines; i++)
            {
                var engine = await DockerEngine.StartAsync();
                cluster._engines.Add(engine);
                var node = new PaasNode(null, $"{name}{i + 1}-{suffix[..6]}", postgresConnectionString: cluster.ConnectionString,
                    certificatePath: certificate, nodeAddress: "127.0.0.1", adminToken: cluster.Token,
                    settings: [$"--Paas:DockerEndpoint={engine.Endpoint}", .. settings]);
                cluster._nodes.Add(cuttable ? node.WithNetworkCut() : node);
            }

            foreach (var node in cluster._nodes)
            {
                await node.StartAsync();
            }

            await ClusterDatabase.WaitUntilActiveAsync(cluster.ConnectionString, cluster._nodes.Select(n => n.NodeName).ToArray());
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the membership table has <paramref name="node"/> declared dead.</summary>
    public Task WaitDeclaredDeadAsync(PaasNode node) =>
        Poll.UntilAsync(() => ClusterDatabase.MembersAsync(ConnectionString), m => m.GetValueOrDefault(node.NodeName) == ClusterDatabase.Dead,
            TimeSpan.FromSeconds(90), $"{node.NodeName} declared dead");

    /// <summary>How many of <paramref name="app"/>'s <paramref name="process"/> instances run on each machine, in node order.</summary>
    public async Task<int[]> RunningOnEachAsync(string app, string process)
    {
        var counts = new int[_engines.Count];
        for (var i = 0; i < _engines.Count; i++)
        {
            counts[i] = await _engines[i].RunningAsync(app, process);
        }

        return counts;
    }

    /// <summary>Stops every node and engine, each even when another's clean-up failed (then reported at the end).</summary>
    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var node in _nodes)
        {
            await TryAsync(async () =>
            {
                // A node a test froze (SIGSTOP) must run again to be stopped.
                if (node.Launched && !node.HasExited)
                {
                    await ProcessRunner.RunAsync("kill", ["-CONT", node.ProcessId.ToString()]);
                }

                await node.DisposeAsync();
            });
        }

        foreach (var engine in _engines)
        {
            await TryAsync(() => engine.DisposeAsync().AsTask());
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("the cluster was not wholly cleaned up", failures);
        }

        async Task TryAsync(Func<Task> cleanUp)
        {
            try
            {
                await cleanUp();
            }
            catch (Exception failed)
            {
                failures.Add(failed);
            }
        }
    }
}
