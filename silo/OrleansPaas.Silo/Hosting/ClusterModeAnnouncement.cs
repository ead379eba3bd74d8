using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansPaas.Configuration;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// Says at start-up which cluster this node joins and how, so an operator reading the journal of
/// one node can tell a mis-set node apart (wrong cluster id, loopback address) without the database.
/// </summary>
public sealed partial class ClusterModeAnnouncement(IOptions<PaasOptions> options, ILogger<ClusterModeAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var database = new NpgsqlConnectionStringBuilder(settings.Cluster.PostgresConnectionString);
        LogJoining(logger, settings.NodeName, settings.Cluster.ClusterId, settings.NodeAddress, settings.Cluster.SiloPort, database.Database, database.Host);
        if (IPAddress.TryParse(settings.NodeAddress, out var address) && IPAddress.IsLoopback(address))
        {
            // Right for several nodes on one machine (tests), wrong for a real cluster.
            LogLoopbackAddress(logger, settings.NodeAddress);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Node {Node} joins cluster {ClusterId} as {Address}:{SiloPort} (silo-to-silo TLS with the cluster certificate), state in database {Database} on {DatabaseHost}")]
    private static partial void LogJoining(ILogger logger, string node, string clusterId, string address, int siloPort, string? database, string? databaseHost);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Paas:NodeAddress is {Address}, a loopback address: only nodes on this same machine can reach this node; set it to the IP the other nodes reach this machine on")]
    private static partial void LogLoopbackAddress(ILogger logger, string address);
}
