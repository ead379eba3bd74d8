using Npgsql;

namespace OrleansPaas.Grains.Storage;

/// <summary>
/// Creates and upgrades the PostgreSQL schema of a multi-node cluster: Orleans membership, grain
/// state and reminders (deploy/postgres/orleans-cluster.sql, embedded into this assembly).
/// </summary>
/// <remarks>
/// Every node runs it before its silo starts, so several nodes may run it at the same moment:
/// the script runs in one transaction that first takes a transaction-scoped advisory lock, so
/// the applies queue up instead of racing on <c>CREATE TABLE IF NOT EXISTS</c> (which is not
/// safe against a concurrent create) and no node sees tables without their query rows.
/// </remarks>
public static class PostgresSchema
{
    /// <summary>The ADO.NET invariant for the Orleans providers; Orleans maps it to <c>Npgsql.NpgsqlFactory</c>.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>The logical name the grains csproj gives the embedded SQL script.</summary>
    public const string ScriptResourceName = "OrleansPaas.Storage.Postgres.sql";

    // Any fixed 64-bit number shared by all nodes; "OPaaSchm" in ASCII, unlikely to collide
    // with another application's advisory locks in the same database.
    private const long AdvisoryLockKey = 0x4F50_6141_5363_686D;

    private static readonly Lazy<string> Script = new(LoadScript);

    /// <summary>Creates what is missing and rewrites the Orleans query rows. Safe on every start, from many nodes at once.</summary>
    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(Script.Value, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string LoadScript()
    {
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream(ScriptResourceName)
            ?? throw new InvalidOperationException(
                $"Embedded resource '{ScriptResourceName}' is missing; the grains csproj must embed deploy/postgres/orleans-cluster.sql under that LogicalName.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
