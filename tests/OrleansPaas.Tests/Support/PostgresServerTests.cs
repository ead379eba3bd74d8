using Npgsql;

namespace OrleansPaas.Tests.Support;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task StartAsync_CreateDatabase_ServesOnLoopbackAndStopRemovesEverything()
    {
        string root;
        await using (var pg = await PostgresServer.StartAsync())
        {
            root = pg.Root;
            var cs = await pg.CreateDatabaseAsync("smoke");
            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_database() || ' ' || inet_server_addr()::text", connection);
            Assert.Equal("smoke 127.0.0.1/32", await command.ExecuteScalarAsync());

            // Asking again gives a fresh database, not an error.
            await pg.CreateDatabaseAsync("smoke");
        }

        Assert.False(Directory.Exists(root));
    }
}
