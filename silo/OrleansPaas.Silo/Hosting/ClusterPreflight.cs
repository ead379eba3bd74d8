using Npgsql;
using OrleansPaas.Configuration.Validation;
using OrleansPaas.Grains.Storage;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// Prepares a cluster node's database before anything starts (the settings were validated
/// already), so an unreachable or unusable database stops the node with one sentence saying what
/// to fix instead of a silo start-up failure far from its cause.
/// </summary>
public static class ClusterPreflight
{
    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>One sentence saying what to fix, or null when the schema is in place.</summary>
    public static async Task<string?> PrepareDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        string target;
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            target = $"database '{parsed.Database}' on {parsed.Host}:{parsed.Port} as '{parsed.Username}'";
        }
        catch (ArgumentException ex)
        {
            return $"Paas:Cluster:PostgresConnectionString is not a valid connection string ({OneLine.Of(ex.Message)}): " +
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
            return $"The cluster database ({target}) cannot be used ({OneLine.Of(ex.GetBaseException().Message)}): " +
                   "fix Paas:Cluster:PostgresConnectionString, or check that PostgreSQL runs, pg_hba.conf admits this node and the user may create tables in that database.";
        }
    }
}
