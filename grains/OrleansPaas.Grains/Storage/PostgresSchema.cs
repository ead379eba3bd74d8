using Npgsql;

namespace OrleansPaas.Grains.Storage;

/// <summary>
/// Creates and upgrades the PostgreSQL schema of a multi-node cluster: Orleans membership, grain
/// state and reminders (deploy/postgres/orleans-cluster.sql, embedded into this assembly).
/// </summary>
/// <remarks>
/// Every node runs it before its silo starts, so several nodes may run it at the same moment:
/// <see cref="SerializedSchemaApply"/> queues the applies up, so no node sees tables without their query rows.
/// </remarks>
public static class PostgresSchema
{
    /// <summary>The ADO.NET invariant for the Orleans providers; Orleans maps it to <c>Npgsql.NpgsqlFactory</c>.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>The logical name the grains csproj gives the embedded SQL script.</summary>
    public const string ScriptResourceName = "OrleansPaas.Storage.Postgres.sql";

    private static readonly Lazy<string> Script = new(LoadScript);

    /// <summary>Creates what is missing and rewrites the Orleans query rows. Safe on every start, from many nodes at once.</summary>
    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await SerializedSchemaApply.RunAsync(connection, Script.Value, cancellationToken);
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
