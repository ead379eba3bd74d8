using System.Net;
using Npgsql;
using OrleansPaas.Configuration;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// The platform's own addresses a cluster node's apps are fenced from (<see cref="AppFirewallPreflight"/>):
/// the database's and the other nodes'. In a class of its own so that Npgsql is loaded only in
/// cluster mode: the runtime loads an assembly when it compiles a method that names its types.
/// </summary>
public static class ClusterPlatformAddresses
{
    /// <summary>The cluster database's addresses, then the nodes' registered so far.</summary>
    public static async Task<IReadOnlyCollection<IPAddress>> FindAsync(PaasOptions options, CancellationToken cancellationToken) =>
        (await DatabaseAddressesAsync(options)).Concat(await NodeAddressesAsync(options, cancellationToken)).ToList();

    /// <summary>
    /// The addresses the cluster's nodes have registered so far (read again every minute, AppFirewallRefresh;
    /// their control, silo and internal ports are refused at any address anyway).
    /// </summary>
    private static async Task<IReadOnlyCollection<IPAddress>> NodeAddressesAsync(PaasOptions options, CancellationToken cancellationToken)
    {
        if (options.Cluster.PostgresConnectionString is not { } connectionString)
        {
            return [];
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT DISTINCT Address FROM paas_membership WHERE DeploymentId = @id", connection);
        command.Parameters.AddWithValue("id", options.Cluster.ClusterId);
        var addresses = new List<IPAddress>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (IPAddress.TryParse(reader.GetString(0), out var address) && !IPAddress.IsLoopback(address))
            {
                addresses.Add(address);
            }
        }

        return addresses;
    }

    /// <summary>The cluster database's addresses (loopback ones are this host, fenced by the input chain).</summary>
    private static async Task<IReadOnlyCollection<IPAddress>> DatabaseAddressesAsync(PaasOptions options)
    {
        if (options.Cluster.PostgresConnectionString is not { } connectionString)
        {
            return [];
        }

        var addresses = new List<IPAddress>();
        var hosts = (new NpgsqlConnectionStringBuilder(connectionString).Host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Host=a:5432,b names ports after a colon (an IPv6 literal has colons of its own); /path is a socket.
        foreach (var host in hosts.Select(h => IPAddress.TryParse(h, out _) ? h : h.Split(':')[0]).Where(h => !h.StartsWith('/')))
        {
            if (IPAddress.TryParse(host, out var literal))
            {
                addresses.Add(literal);
            }
            else
            {
                addresses.AddRange(await Dns.GetHostAddressesAsync(host));
            }
        }

        return addresses.Where(a => !IPAddress.IsLoopback(a)).ToList();
    }
}
