using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Services.Backups;

/// <summary>
/// The backup engine end to end against real containers of the stand-in images: dump, prove in a
/// throwaway container, lose the data, restore, data back; damage is caught. Set
/// PAAS_TEST_BACKUP_MB (e.g. 100) to size the PostgreSQL database whose figures are printed.
/// </summary>
public sealed class ServiceBackupsTests(ITestOutputHelper output) : IDisposable
{
    private const string User = "app";
    private const string Database = "appdb";
    // Names of their own: the throwaway containers are labelled with the service's name, and other test classes make throwaways at the same time.
    private readonly string _postgres = "pgsvc-" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _redis = "cache-" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "paas-svcbackup-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly DockerClientProvider _docker = new(Options.Create(new PaasOptions()));

    [Fact]
    public async Task BackupAsync_Postgres_VerifiesRestoresAndCatchesDamage()
    {
        var megabytes = int.TryParse(Environment.GetEnvironmentVariable("PAAS_TEST_BACKUP_MB"), CultureInfo.InvariantCulture, out var mb) ? mb : 2;
        // About 100 bytes a row on disk: md5 text is incompressible enough to keep the dump honest.
        var rows = megabytes * 9_000;
        await using var service = await StandInServiceContainer.StartPostgresAsync(User, Database);
        await Sql(service, $"""
            CREATE TABLE items (id bigint PRIMARY KEY, body text);
            INSERT INTO items SELECT i, md5(i::text) || md5((i * 7)::text) FROM generate_series(1, {rows}) i;
            CREATE TABLE "Odd Name" (note text);
            INSERT INTO "Odd Name" VALUES ('a'), ('b'), ('c');
            """);
        var databaseBytes = long.Parse(await Sql(service, $"SELECT pg_database_size('{Database}')"), CultureInfo.InvariantCulture);
        var engine = Engine();
        var source = new ServiceBackupSource(_postgres, "postgres", service.Id, service.Image, service.Password, User, Database);

        var watch = Stopwatch.StartNew();
        var backup = await engine.BackupAsync(source, null, CancellationToken.None);
        var backupSeconds = watch.Elapsed.TotalSeconds;

        Assert.True(backup.Verified, backup.Error ?? backup.Manifest?.Verification?.Detail);
        var manifest = backup.Manifest!;
        Assert.Equal([new TableRows("public.Odd Name", 3), new TableRows("public.items", rows)], manifest.Contents.Tables);
        Assert.Equal(new FileInfo(Path.Combine(_dataDir, "backups", "services", _postgres, manifest.File)).Length, manifest.SizeBytes);
        Assert.Equal([manifest.Id], (await engine.ListAsync(_postgres, CancellationToken.None)).Select(b => b.Manifest.Id));

        await Sql(service, "DROP TABLE items; DELETE FROM \"Odd Name\"; CREATE TABLE later (x int);");
        var restore = await engine.RestoreAsync(source, _postgres, manifest.Id, CancellationToken.None);

        Assert.True(restore.Succeeded, restore.Error);
        Assert.Equal(rows.ToString(CultureInfo.InvariantCulture), await Sql(service, "SELECT count(*) FROM items"));
        Assert.Equal("3", await Sql(service, "SELECT count(*) FROM \"Odd Name\""));
        output.WriteLine($"postgres: database {databaseBytes / 1e6:0.0} MB ({rows} rows): backup + verify {backupSeconds:0.0} s " +
            $"(dump {manifest.Seconds:0.0} s, verify {manifest.Verification!.Seconds:0.0} s), dump {manifest.SizeBytes / 1e6:0.0} MB; restore {restore.Seconds:0.0} s");

        // A backup of the other kind is refused before anything is touched.
        var wrongKind = await engine.RestoreAsync(source with { Kind = "redis", Service = _redis }, _postgres, manifest.Id, CancellationToken.None);
        Assert.Equal($"Backup {manifest.Id} is a postgres backup and {_redis} is a redis service: a backup restores only into a service of its kind.", wrongKind.Error);

        // A changed byte: the checksum catches it, and the damaged backup is not restored.
        var path = Path.Combine(_dataDir, "backups", "services", _postgres, manifest.File);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
        var flipped = await engine.VerifyAsync(_postgres, manifest.Id, CancellationToken.None);
        Assert.False(flipped.Verified);
        Assert.Contains("does not match its checksum", flipped.Manifest!.Verification!.Detail);
        Assert.False((await engine.RestoreAsync(source, _postgres, manifest.Id, CancellationToken.None)).Succeeded);

        // A dump that was bad when taken (its checksum is its own): only restoring it can tell.
        var truncated = bytes[..(bytes.Length / 3)];
        await File.WriteAllBytesAsync(path, truncated);
        var store = new BackupStore(Options.Create(Settings()), new DataPaths(Settings()));
        await store.SaveAsync(manifest with { SizeBytes = truncated.Length, Sha256 = await BackupStore.Sha256Async(path, CancellationToken.None) }, CancellationToken.None);
        var corrupt = await engine.VerifyAsync(_postgres, manifest.Id, CancellationToken.None);
        Assert.False(corrupt.Verified);
        Assert.StartsWith("the dump does not restore", corrupt.Manifest!.Verification!.Detail);
        Assert.False((await engine.ListAsync(_postgres, CancellationToken.None)).Single().Manifest.Verification!.Passed);
        await AssertNoThrowawayLeftAsync(_postgres);
    }

    [Fact]
    public async Task BackupAsync_Redis_VerifiesAndRestoresKeys()
    {
        await using var service = await StandInServiceContainer.StartRedisAsync();
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal("OK", (await service.RedisAsync("SET", $"key:{i}", $"value {i}")).StandardOutput.Trim());
        }

        await service.RedisAsync("SET", "session", "x", "EX", "3600");
        await service.RedisAsync("SELECT", "0");
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = Options.Create(Settings());
        var metrics = new ServiceBackupMetrics(new PaasMetrics(meters.GetRequiredService<IMeterFactory>()), new BackupStore(options, new DataPaths(options.Value)));
        var engine = Engine(metrics);
        var source = new ServiceBackupSource(_redis, "redis", service.Id, service.Image, service.Password);

        // Made for one of two schedules: its manifest names that one and its keep (by which it is pruned once the schedule is removed).
        var retention = new BackupRetention(["0 3 * * *"], new Dictionary<string, int> { ["0 3 * * *"] = 7, ["0 4 * * *"] = 2 });
        var backup = await engine.BackupAsync(source, retention, CancellationToken.None);

        Assert.True(backup.Verified, backup.Error ?? backup.Manifest?.Verification?.Detail);
        Assert.Equal((41L, 1L), (backup.Manifest!.Contents.Keys, backup.Manifest.Contents.Expiring));
        Assert.Equal(["0 3 * * *"], backup.Manifest.Schedules!);
        Assert.Equal(new Dictionary<string, int> { ["0 3 * * *"] = 7 }, backup.Manifest.Keeps!);

        Assert.Equal("OK", (await service.RedisAsync("FLUSHALL")).StandardOutput.Trim());
        await service.RedisAsync("SET", "written-after", "1");
        var restore = await engine.RestoreAsync(source, _redis, backup.Manifest.Id, CancellationToken.None);

        Assert.True(restore.Succeeded, restore.Error);
        Assert.Equal("41", (await service.RedisAsync("DBSIZE")).StandardOutput.Trim());
        Assert.Equal("value 7", (await service.RedisAsync("GET", "key:7")).StandardOutput.Trim());
        output.WriteLine($"redis: 41 keys: verify {backup.Manifest.Verification!.Seconds:0.0} s, restore {restore.Seconds:0.0} s");
        Assert.Equal(backup.Manifest.Created.ToUnixTimeSeconds(), LastVerified(meters, _redis));

        // services:export / services:import: a dump streamed out, and back in after the data is gone.
        using var exported = new MemoryStream();
        await engine.ExportAsync(source, exported, CancellationToken.None);
        Assert.Equal("OK", (await service.RedisAsync("FLUSHALL")).StandardOutput.Trim());
        exported.Position = 0;
        var imported = await engine.ImportAsync(source, exported, CancellationToken.None);
        Assert.True(imported.Succeeded, imported.Error);
        Assert.Equal("41", (await service.RedisAsync("DBSIZE")).StandardOutput.Trim());
        await AssertNoThrowawayLeftAsync(_redis);
    }

    private ServiceBackups Engine(ServiceBackupMetrics? metrics = null)
    {
        var options = Options.Create(Settings());
        var commands = new ContainerCommands(_docker);
        return new ServiceBackups([new PostgresBackups(commands), new RedisBackups(commands)],
            new BackupStore(options, new DataPaths(options.Value)), options, NullLogger<ServiceBackups>.Instance, metrics);
    }

    /// <summary>What <c>/metrics</c> would show as the service's newest verified backup time.</summary>
    private static long? LastVerified(ServiceProvider meters, string service)
    {
        long? seen = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "paas.service.backup.last_verified")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "service" && (string?)tag.Value == service)
                {
                    seen = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        GC.KeepAlive(meters);
        return seen;
    }

    private PaasOptions Settings() => new() { DataDir = _dataDir };

    private static async Task<string> Sql(StandInServiceContainer service, string sql)
    {
        var result = await service.SqlAsync(User, Database, sql);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim();
    }

    private static async Task AssertNoThrowawayLeftAsync(string service)
    {
        var left = await ProcessRunner.RunAsync("docker", ["ps", "-aq", "--filter", $"label={ThrowawayContainer.Label}={service}"]);
        Assert.Equal("", left.StandardOutput.Trim());
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
