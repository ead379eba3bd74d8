using Npgsql;
using OrleansPaas.Grains.Storage;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresServer pg)
{
    // What the three Orleans ADO.NET providers look up (read from their DbStoredQueries / AdoNetGrainStorage).
    private static readonly string[] ProviderQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadAllKey", "MembershipReadRowKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "GatewaysQueryKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task EnsureCreated_FourNodesAtOnceThenAgain_SucceedsWithEveryProviderQuery()
    {
        var cs = await pg.CreateDatabaseAsync("schema_concurrent");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.EnsureCreatedAsync(cs, CancellationToken.None))));
        await PostgresSchema.EnsureCreatedAsync(cs, CancellationToken.None);

        var keys = await QueryAsync(cs, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", r => r.GetString(0));
        Assert.Equal(ProviderQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteToStorage_StaleOrMissingVersion_ReturnsNullConflictRow()
    {
        var cs = await pg.CreateDatabaseAsync("schema_write");
        await PostgresSchema.EnsureCreatedAsync(cs, CancellationToken.None);
        var write = (await QueryAsync(cs, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'", r => r.GetString(0))).Single();

        Assert.Equal(1, await WriteAsync(cs, write, version: null));
        Assert.Equal(2, await WriteAsync(cs, write, version: 1));
        Assert.Null(await WriteAsync(cs, write, version: 1));
        Assert.Null(await WriteAsync(cs, write, version: null));
        // NULL and '' extensions are different grains.
        Assert.Equal(1, await WriteAsync(cs, write, version: null, extension: ""));
    }

    private static async Task<int?> WriteAsync(string cs, string sql, int? version, string? extension = null)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ServiceId", "svc");
        command.Parameters.AddWithValue("GrainTypeString", "state");
        command.Parameters.AddWithValue("GrainIdN0", 0L);
        command.Parameters.AddWithValue("GrainIdN1", 42L);
        command.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)extension ?? DBNull.Value });
        command.Parameters.AddWithValue("GrainIdHash", 1);
        command.Parameters.AddWithValue("GrainTypeHash", 2);
        command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value });
        command.Parameters.AddWithValue("PayloadBinary", new byte[] { 1, 2, 3 });
        var result = await command.ExecuteScalarAsync();
        return result is DBNull or null ? null : Convert.ToInt32(result);
    }

    private static async Task<List<T>> QueryAsync<T>(string cs, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
