using System.Diagnostics;
using System.Text.Json;
using OrleansPaas.Grains.Services;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// Backups through the platform on the real engine (the stand-in images): a PostgreSQL service is backed
/// up and verified, loses its rows, and gets them back from services:restore; a backup of the other kind
/// and a corrupted backup are refused with a sentence and change nothing; the corrupted one's failed
/// verification shows in services:info. A destroyed app's link goes with it.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ServiceBackupsEndToEndTests(NodeFixture fixture, ITestOutputHelper output)
{
    private PaasNode Node => fixture.Node;
    private PaasCli Cli => new(Node);

    [Fact]
    public async Task BackupDeleteRestore_RowsComeBack_OtherKindAndCorruptedBackupsRefused()
    {
        var database = NodeFixture.NewAppName("bdb");
        var cache = NodeFixture.NewAppName("bcache");
        try
        {
            await BackupDeleteRestoreAsync(database, cache);
        }
        finally
        {
            await Cli.RunAsync("services:destroy", database, "--force");
            await Cli.RunAsync("services:destroy", cache, "--force");
        }
    }

    [Fact]
    public async Task RedisRestore_AppendOnlyService_ServesTheBackedUpValue()
    {
        var cache = NodeFixture.NewAppName("rcache");
        try
        {
            await MakeStandInAsync("make-redis-image.sh", PaasNode.RedisImage);
            await Cli.OkAsync("services:create", "redis", cache);
            await Poll.UntilAsync(async () => await RedisAsync(cache, "SET", "greeting", "old") == "OK", TimeSpan.FromSeconds(60), "redis to take a write");
            var backup = Json(await Cli.OkAsync("services:backup", cache, "--json"));
            Assert.Equal("ok", backup.GetProperty("verification").GetString());
            Assert.Equal("OK", await RedisAsync(cache, "SET", "greeting", "new"));

            var clock = Stopwatch.StartNew();
            await Cli.OkAsync("services:restore", cache, backup.GetProperty("id").GetString()!);
            output.WriteLine($"services:restore (redis) took {clock.Elapsed.TotalSeconds:F1} s");

            Assert.Equal("old", await RedisAsync(cache, "GET", "greeting"));
            Assert.Contains("running", await Cli.OkAsync("services:info", cache), StringComparison.Ordinal);
        }
        finally
        {
            await Cli.RunAsync("services:destroy", cache, "--force");
        }
    }

    /// <summary>redis-cli in the service's container, with the password from the configuration file the platform put there.</summary>
    private static async Task<string> RedisAsync(string cache, params string[] command)
    {
        var container = $"paas-service-{cache}";
        var config = await ProcessRunner.RunAsync("docker", ["exec", container, "cat", ServiceContract.RedisConfigFile]);
        var password = config.StandardOutput.Trim().Split('"')[1];
        var result = await ProcessRunner.RunAsync("docker", ["exec", "-e", "REDISCLI_AUTH=" + password, container, "redis-cli", .. command]);
        return result.StandardOutput.Trim();
    }

    private async Task BackupDeleteRestoreAsync(string database, string cache)
    {
        await MakeStandInAsync("make-postgres-image.sh", PaasNode.PostgresImage);
        await MakeStandInAsync("make-redis-image.sh", PaasNode.RedisImage);
        await Cli.OkAsync("services:create", "postgres", database);
        await Cli.OkAsync("services:create", "redis", cache);

        // Written in the service's own container (the busybox app image has no psql).
        await Poll.UntilAsync(async () => (await PsqlAsync(database, "CREATE TABLE IF NOT EXISTS items(id int); SELECT 1")).ExitCode == 0,
            TimeSpan.FromSeconds(90), "PostgreSQL never accepted connections");
        await PsqlOkAsync(database, "INSERT INTO items SELECT generate_series(1, 500)");

        var clock = Stopwatch.StartNew();
        var backup = Json(await Cli.OkAsync("services:backup", database, "--json"));
        output.WriteLine($"services:backup (dump + verify) took {clock.Elapsed.TotalSeconds:F1} s; {backup}");
        Assert.Equal("ok", backup.GetProperty("verification").GetString());
        var id = backup.GetProperty("id").GetString()!;
        var listed = Json(await Cli.OkAsync("services:backups", database, "--json"));
        Assert.Contains(listed.EnumerateArray(), b => b.GetProperty("id").GetString() == id);

        await PsqlOkAsync(database, "DELETE FROM items");
        Assert.Equal("0", await CountAsync(database));
        clock.Restart();
        await Cli.OkAsync("services:restore", database, id);
        output.WriteLine($"services:restore took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal("500", await CountAsync(database));

        // A backup of the other kind: refused with a sentence, the rows untouched.
        var cacheBackup = Json(await Cli.OkAsync("services:backup", cache, "--json")).GetProperty("id").GetString()!;
        Assert.Contains("only into a service of its kind", await Cli.FailsAsync("services:restore", database, cacheBackup, "--from", cache));
        Assert.Equal("500", await CountAsync(database));

        // A corrupted dump: restore refuses it (nothing changes), and its verification's failure shows in services:info.
        var manifest = Json(await File.ReadAllTextAsync(Path.Combine(Node.DataDir, "backups", "services", database, id + ".json")));
        var dump = Path.Combine(Node.DataDir, "backups", "services", database, manifest.GetProperty("file").GetString()!);
        var bytes = await File.ReadAllBytesAsync(dump);
        for (var i = bytes.Length / 2; i < Math.Min(bytes.Length, bytes.Length / 2 + 64); i++)
        {
            bytes[i] ^= 0xFF;
        }

        await File.WriteAllBytesAsync(dump, bytes);
        Assert.Contains("is not restored", await Cli.FailsAsync("services:restore", database, id));
        Assert.Equal("500", await CountAsync(database));
        Assert.Contains("failed verification", await Cli.FailsAsync("services:backup-verify", database, id));
        var info = await Cli.OkAsync("services:info", database);
        output.WriteLine(info);
        Assert.Contains($"{id} (", info, StringComparison.Ordinal);
        Assert.Contains("verification failed", info, StringComparison.Ordinal);

        // Schedules: several per service, a bad expression refused with a sentence and nothing changed.
        Assert.Contains("0 3 * * *", await Cli.OkAsync("services:backup-schedule", database, "0 3 * * *", "--keep", "3"), StringComparison.Ordinal);
        await Cli.OkAsync("services:backup-schedule", database, "30 4 * * 0");
        Assert.Contains("--keep", await Cli.FailsAsync("services:backup-schedule", database, "0 5 * * *", "--keep", "0"));
        Assert.NotEmpty(await Cli.FailsAsync("services:backup-schedule", database, "not a cron"));
        var schedules = Json(await Cli.OkAsync("services:backup-schedules", database, "--json"));
        Assert.Equal(["0 3 * * *:3", "30 4 * * 0:14"],
            schedules.EnumerateArray().Select(x => $"{x.GetProperty("cron").GetString()}:{x.GetProperty("keep").GetInt32()}").Order());
        await Cli.OkAsync("services:backup-unschedule", database, "0 3 * * *");
        Assert.Equal(1, Json(await Cli.OkAsync("services:backup-schedules", database, "--json")).GetArrayLength());

        // A destroyed app leaves no link behind in the services it was linked to.
        var app = NodeFixture.NewAppName("bapp");
        using (var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), app))
        {
            var push = await source.PushAsync(Node.RemoteUrl(app));
            Assert.True(push.ExitCode == 0, push.Output);
        }

        await Cli.OkAsync("services:link", database, app);
        Assert.Contains(app, await Cli.OkAsync("services:info", database), StringComparison.Ordinal);
        await Cli.OkAsync("apps:destroy", app, "--force");
        var links = Json(await Cli.OkAsync("services:info", database, "--json")).GetProperty("links");
        Assert.Equal(0, links.GetArrayLength());

        // Destroying the service ends its schedules: one created again under its name starts with none.
        await Cli.OkAsync("services:destroy", database);
        await Cli.OkAsync("services:create", "postgres", database);
        Assert.Equal(0, Json(await Cli.OkAsync("services:backup-schedules", database, "--json")).GetArrayLength());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private async Task<string> CountAsync(string database) => (await PsqlOkAsync(database, "SELECT count(*) FROM items")).Trim();

    internal static Task<ProcessResult> PsqlAsync(string database, string sql)
    {
        var user = database.Replace('-', '_');
        return ProcessRunner.RunAsync("docker", ["exec", $"paas-service-{database}", "psql", "-U", user, "-d", user, "-tA", "-v", "ON_ERROR_STOP=1", "-c", sql]);
    }

    private async Task<string> PsqlOkAsync(string database, string sql)
    {
        var result = await PsqlAsync(database, sql);
        output.WriteLine($"psql {sql}: {result}");
        Assert.True(result.ExitCode == 0, result.Output);
        return result.StandardOutput;
    }

    internal static async Task MakeStandInAsync(string script, string image)
    {
        var result = await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "tests", "fixtures", script), image]);
        Assert.True(result.ExitCode == 0, result.Output);
    }
}
