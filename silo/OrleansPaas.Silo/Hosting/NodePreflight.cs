using OrleansPaas.Configuration;
using OrleansPaas.Grains.Runtime;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// The start-up checks that need the world outside the settings (those were validated already):
/// the Docker engine answers, and a cluster node's database is reachable and has its schema.
/// </summary>
public static class NodePreflight
{
    /// <summary>Throws <see cref="StartupProblemException"/> with the sentence saying what to fix.</summary>
    public static async Task CheckAsync(PaasOptions options, CancellationToken cancellationToken)
    {
        if (await DockerClientProvider.CheckReachableAsync(options.DockerEndpoint, cancellationToken) is { } docker)
        {
            throw new StartupProblemException(docker);
        }

        if (options.Cluster.IsClusterMode && await ClusterPreflight.PrepareDatabaseAsync(options.Cluster.PostgresConnectionString!, cancellationToken) is { } database)
        {
            throw new StartupProblemException(database);
        }
    }
}
