using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// The start-up checks that need the world outside the settings (those were validated already):
/// no other process holds the node's ports, the Docker engine answers, a cluster node's
/// database is reachable and has its schema, and the apps' bridge is fenced (Paas:Deploy:Firewall).
/// </summary>
public static class NodePreflight
{
    /// <summary>Throws <see cref="StartupProblemException"/> with a sentence per problem saying what to fix.</summary>
    public static async Task CheckAsync(PaasOptions options, CancellationToken cancellationToken)
    {
        // Found here, before the host starts, a port in use is reported without the servers'
        // own failure logs; one taken in the moment between is still named (StartupFailure).
        var problems = PortsInUse.Find(options).ToList();
        if (await DockerClientProvider.CheckReachableAsync(options.DockerEndpoint, cancellationToken) is { } docker)
        {
            problems.Add(docker);
        }

        if (problems.Count == 0 && options.Cluster.IsClusterMode
            && await ClusterPreflight.PrepareDatabaseAsync(options.Cluster.PostgresConnectionString!, cancellationToken) is { } database)
        {
            problems.Add(database);
        }

        // Last: the rules need the engine (its bridge) and the database's address.
        if (problems.Count == 0 && await AppFirewallPreflight.InstallAsync(options, cancellationToken) is { } firewall)
        {
            problems.Add(firewall);
        }

        // The SSH user, sshd's host key and configuration (Paas:Ssh:Listen), checked by sshd itself.
        if (problems.Count == 0 && await OrleansPaas.Gateway.Ssh.SshSetup.PrepareAsync(options, cancellationToken) is { } ssh)
        {
            problems.Add(ssh);
        }

        if (problems.Count > 0)
        {
            throw new StartupProblemException(problems);
        }
    }
}
