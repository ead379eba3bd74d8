using System.Net;
using Npgsql;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Storage;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// Checks a cluster node's settings and prepares its database before anything starts, so a
/// wrong setting stops the node with one sentence saying what to fix instead of a silo
/// start-up failure far from its cause.
/// </summary>
public static class ClusterPreflight
{
    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>One sentence saying what to fix, or null when the node can start (always null in single-node mode).</summary>
    public static async Task<string?> CheckAsync(PaasOptions options, CancellationToken cancellationToken)
    {
        var cluster = options.Cluster;
        if (!cluster.IsClusterMode)
        {
            return null;
        }

        if (!IPAddress.TryParse(options.NodeAddress, out _))
        {
            return $"Paas:NodeAddress '{options.NodeAddress}' is not an IP address: set it to the address other nodes reach this one on.";
        }

        // Any node takes any push or command, so every node must accept the same token; a token
        // generated per node would make the cluster answer 401 depending on where a request lands.
        if (options.AdminToken is not { Length: >= 32 })
        {
            return "Paas:AdminToken must be set to the same secret of at least 32 characters on every node of a cluster (e.g. openssl rand -hex 32).";
        }

        if (ClusterCertificate.Problem(cluster.CertificatePath, cluster.CertificatePassword) is { } certificateProblem)
        {
            return certificateProblem;
        }

        return await PrepareDatabaseAsync(cluster.PostgresConnectionString!, cancellationToken);
    }

    private static async Task<string?> PrepareDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        string target;
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            target = $"database '{parsed.Database}' on {parsed.Host}:{parsed.Port} as '{parsed.Username}'";
        }
        catch (ArgumentException ex)
        {
            return $"Paas:Cluster:PostgresConnectionString is not a valid connection string ({ClusterCertificate.OneLine(ex.Message)}): " +
                   "use the form Host=db.example;Database=orleanspaas;Username=orleanspaas;Password=….";
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(DatabaseTimeout);
            await PostgresSchema.EnsureCreatedAsync(connectionString, timeout.Token);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return $"The cluster database ({target}) cannot be used ({ClusterCertificate.OneLine(ex.GetBaseException().Message)}): " +
                   "fix Paas:Cluster:PostgresConnectionString, or check that PostgreSQL runs, pg_hba.conf admits this node and the user may create tables in that database.";
        }
    }
}
