using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Services.Backups;

/// <summary>
/// services:import's engine against real containers of the stand-in images: an export of one kind
/// imported into a service of the other kind (or a file that is no dump) is refused with one sentence
/// and the service keeps its data; an export of its own kind comes back whole.
/// </summary>
public sealed class ServiceImportTests : IDisposable
{
    private const string User = "app";
    private const string Database = "appdb";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "paas-svcimport-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly DockerClientProvider _docker = new(Options.Create(new PaasOptions()));

    [Fact]
    public async Task ImportAsync_DumpOfTheOtherKind_RefusedAndNothingChanges()
    {
        await using var postgres = await StandInServiceContainer.StartPostgresAsync(User, Database);
        await using var redis = await StandInServiceContainer.StartRedisAsync();
        await Sql(postgres, "CREATE TABLE items (id int); INSERT INTO items SELECT generate_series(1, 25);");
        Assert.Equal("OK", (await redis.RedisAsync("SET", "kept", "yes")).StandardOutput.Trim());
        var engine = Engine();
        var pg = new ServiceBackupSource("db", "postgres", postgres.Id, postgres.Image, postgres.Password, User, Database);
        var cache = new ServiceBackupSource("cache", "redis", redis.Id, redis.Image, redis.Password);
        var pgDump = await ExportAsync(engine, pg);
        var rdb = await ExportAsync(engine, cache);

        var rdbIntoPostgres = await engine.ImportAsync(pg, new MemoryStream(rdb), CancellationToken.None);
        var dumpIntoRedis = await engine.ImportAsync(cache, new MemoryStream(pgDump), CancellationToken.None);
        var text = await engine.ImportAsync(cache, new MemoryStream("SET x 1\n"u8.ToArray()), CancellationToken.None);

        Assert.Equal("The file is a Redis RDB file, but db is a postgres service that takes a PostgreSQL dump in pg_dump's custom format; nothing was changed.",
            rdbIntoPostgres.Error);
        Assert.Equal("The file is a PostgreSQL dump in pg_dump's custom format, but cache is a redis service that takes a Redis RDB file; nothing was changed.",
            dumpIntoRedis.Error);
        Assert.StartsWith("The file is not a dump of either kind", text.Error);
        Assert.Equal("25", await Sql(postgres, "SELECT count(*) FROM items"));
        Assert.Equal("yes", (await redis.RedisAsync("GET", "kept")).StandardOutput.Trim());

        // Its own kind: the rows dropped after the export come back.
        await Sql(postgres, "DROP TABLE items");
        var imported = await engine.ImportAsync(pg, new MemoryStream(pgDump), CancellationToken.None);
        Assert.True(imported.Succeeded, imported.Error);
        Assert.Equal("25", await Sql(postgres, "SELECT count(*) FROM items"));
    }

    private static async Task<byte[]> ExportAsync(ServiceBackups engine, ServiceBackupSource source)
    {
        using var exported = new MemoryStream();
        await engine.ExportAsync(source, exported, CancellationToken.None);
        return exported.ToArray();
    }

    private ServiceBackups Engine()
    {
        var options = Options.Create(new PaasOptions { DataDir = _dataDir });
        var commands = new ContainerCommands(_docker);
        return new ServiceBackups([new PostgresBackups(commands), new RedisBackups(commands)],
            new BackupStore(options, new DataPaths(options.Value)), options, NullLogger<ServiceBackups>.Instance);
    }

    private static async Task<string> Sql(StandInServiceContainer service, string sql)
    {
        var result = await service.SqlAsync(User, Database, sql);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim();
    }

    public void Dispose()
    {
        _docker.Dispose();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
