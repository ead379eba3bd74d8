using System.Data;
using Npgsql;
using OrleansPaas.Grains.Storage;
using OrleansPaas.Grains.Storage.Repositories;

namespace OrleansPaas.Grains.Backup;

/// <summary>
/// A cluster's state: the rows the platform owns in PostgreSQL — its grain state and reminders (those
/// of its ServiceId, the ClusterId) and the app repositories' packs — copied with binary COPY inside
/// one REPEATABLE READ transaction, so the three tables are one instant of the database. Membership
/// rows are not the platform's state (the nodes write them anew when they start).
/// </summary>
public static class PostgresSnapshot
{
    public const string GrainState = "paas_grain_state";
    public const string Reminders = "paas_reminder";
    public const string Repositories = "paas_git_repositories";

    /// <summary>The tables copied, each a file named after it (<c>paas_grain_state.copy</c>).</summary>
    public static readonly IReadOnlyList<string> Tables = [GrainState, Reminders, Repositories];

    private const string AppStateName = "app";

    /// <summary>Writes one file per table into <paramref name="folder"/> and returns the apps of the same snapshot.</summary>
    public static async Task<IReadOnlyList<string>> CopyAsync(string connectionString, string serviceId, string folder, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        // The repositories' table is made by the first node that stores a push: a cluster without one has it empty.
        await RepositorySchema.EnsureCreatedAsync(dataSource, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        foreach (var table in Tables)
        {
            var rows = table == Repositories ? table : $"(SELECT * FROM {table} WHERE ServiceId = {Literal(serviceId)})";
            await using var copy = await connection.BeginRawBinaryCopyAsync($"COPY {rows} TO STDOUT (FORMAT binary)", cancellationToken);
            await using var file = new FileStream(Path.Combine(folder, table + ".copy"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await copy.CopyToAsync(file, cancellationToken);
        }

        var apps = await AppNamesAsync(connection, serviceId, cancellationToken);
        await snapshot.CommitAsync(cancellationToken);
        return apps;
    }

    /// <summary>The apps the cluster's database holds for <paramref name="serviceId"/>.</summary>
    public static async Task<IReadOnlyList<string>> AppNamesAsync(string connectionString, string serviceId, CancellationToken cancellationToken)
    {
        // A database no node has used yet has no tables: its schema is made as a node's start would.
        await PostgresSchema.EnsureCreatedAsync(connectionString, cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await AppNamesAsync(connection, serviceId, cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> AppNamesAsync(NpgsqlConnection connection, string serviceId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT GrainIdExtension FROM {GrainState} WHERE ServiceId = $1 AND StateName = $2 AND Payload IS NOT NULL AND GrainIdExtension IS NOT NULL ORDER BY 1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = AppStateName });
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>
    /// Puts the archived rows into the cluster's database in one transaction, under this cluster's
    /// ServiceId (the archive's cluster may have had another ClusterId); with <paramref name="replace"/>
    /// the cluster's own rows go first.
    /// </summary>
    public static async Task RestoreAsync(string connectionString, string serviceId, string folder, bool replace, CancellationToken cancellationToken)
    {
        await PostgresSchema.EnsureCreatedAsync(connectionString, cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await RepositorySchema.EnsureCreatedAsync(dataSource, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (replace)
        {
            await ExecuteAsync(connection, $"DELETE FROM {GrainState} WHERE ServiceId = {Literal(serviceId)}; DELETE FROM {Reminders} WHERE ServiceId = {Literal(serviceId)}; DELETE FROM {Repositories};", cancellationToken);
        }

        foreach (var table in Tables)
        {
            var staged = "restore_" + table;
            await ExecuteAsync(connection, $"CREATE TEMP TABLE {staged} (LIKE {table}) ON COMMIT DROP;", cancellationToken);
            await using (var copy = await connection.BeginRawBinaryCopyAsync($"COPY {staged} FROM STDIN (FORMAT binary)", cancellationToken))
            await using (var file = File.OpenRead(Path.Combine(folder, table + ".copy")))
            {
                await file.CopyToAsync(copy, cancellationToken);
            }

            var rekey = table == Repositories ? "" : $"UPDATE {staged} SET ServiceId = {Literal(serviceId)}; ";
            await ExecuteAsync(connection, $"{rekey}INSERT INTO {table} SELECT * FROM {staged};", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>COPY takes no parameters: the ServiceId (a setting, not user input) goes in as a quoted literal.</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
