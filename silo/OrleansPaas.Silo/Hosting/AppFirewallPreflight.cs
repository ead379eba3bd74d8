using System.Net;
using Npgsql;
using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;
using OrleansPaas.NodeServices.Firewall;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// Fences the apps' bridge before anything runs on it (<see cref="AppFirewallRules"/>), when
/// <c>Paas:Deploy:Firewall</c> is on and the engine is on this machine (its bridge is in this host's
/// firewall). A node that should fence its apps and cannot does not start.
/// </summary>
public static class AppFirewallPreflight
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>One sentence naming the setting, or null when fenced (or not this node's to fence).</summary>
    public static async Task<string?> InstallAsync(PaasOptions options, CancellationToken cancellationToken)
    {
        if (!options.Deploy.Firewall || !options.DockerEndpoint.StartsWith("unix://", StringComparison.Ordinal))
        {
            return null;
        }

        string? failure;
        try
        {
            // Start-up waits for this: an engine or iptables that hangs is a failure, not a hung node.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(InstallTimeout);
            using var docker = DockerClientProvider.Create(options.DockerEndpoint);
            var bridge = await AppNetwork.EnsureBridgeAsync(docker, options.Deploy.Network, timeout.Token);
            var platform = (await DatabaseAddressesAsync(options)).Concat(await NodeAddressesAsync(options, timeout.Token)).ToList();
            failure = await AppFirewall.InstallAsync(AppFirewallRules.For(options, bridge, platform), timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = ex.GetBaseException().Message;
        }

        return failure is null ? null
            : $"The node cannot install the iptables rules that keep apps away from the platform ({OneLine.Of(failure)}): " +
              "run it as root on a machine with iptables, or set Paas:Deploy:Firewall=false when the engine's firewall is kept by other means.";
    }

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
