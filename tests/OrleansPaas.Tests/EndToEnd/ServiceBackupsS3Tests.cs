using System.Text.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// Backups with the S3 target on a real S3-compatible store (s3rver on loopback): a backup is also in the
/// bucket (checked with the S3 API, not through the platform), and when the directory's copy is gone the
/// listing says it is in s3 only and a restore from the bucket brings the rows back. With wrong credentials
/// (a key the store does not know: s3rver does not check SigV4 secrets) the backup is kept in the directory and its failed upload is said, with the store's reason, by
/// services:backup, services:backups, services:info and the log.
/// </summary>
public sealed class ServiceBackupsS3Tests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly S3rverServer _s3 = new();
    private PaasNode? _node;

    public Task InitializeAsync() => _s3.StartAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        await _s3.DisposeAsync();
    }

    [Fact]
    public async Task Backup_IsInTheBucket_RestoresFromS3AfterTheDirectoryCopyIsDeleted()
    {
        var cli = await StartNodeAsync(_s3.Settings());
        var database = NodeFixture.NewAppName("s3db");
        try
        {
            await CreateWithRowsAsync(cli, database, 500);
            var backup = Json(await cli.OkAsync("services:backup", database, "--json"));
            output.WriteLine(backup.ToString());
            Assert.Equal("ok", backup.GetProperty("verification").GetString());
            Assert.Equal(["directory", "s3"], Strings(backup.GetProperty("locations")));
            var id = backup.GetProperty("id").GetString()!;

            // In the bucket, as the store itself lists it: the dump and the manifest, named by service and id.
            var keys = await _s3.KeysAsync($"services/{database}/");
            Assert.Equal([$"services/{database}/{id}.dump", $"services/{database}/{id}.json"], keys.Order());

            // The directory's copy goes; the backup is still listed, in s3 only, and restores from there.
            foreach (var file in Directory.GetFiles(Path.Combine(_node!.DataDir, "backups", "services", database), id + ".*"))
            {
                File.Delete(file);
            }

            var listed = Json(await cli.OkAsync("services:backups", database, "--json")).EnumerateArray().Single(b => b.GetProperty("id").GetString() == id);
            Assert.Equal(["s3"], Strings(listed.GetProperty("locations")));
            Assert.Contains("s3", await cli.OkAsync("services:backups", database), StringComparison.Ordinal);
            await PsqlOkAsync(database, "DELETE FROM items");
            Assert.Equal("0", await CountAsync(database));
            await cli.OkAsync("services:restore", database, id);
            Assert.Equal("500", await CountAsync(database));
            Assert.Empty(Directory.GetFiles(Path.Combine(_node.DataDir, "backups", "services", database), "*.partial"));
        }
        finally
        {
            await cli.RunAsync("services:destroy", database, "--force");
        }
    }

    [Fact]
    public async Task WrongCredentials_BackupKeptInTheDirectory_ItsFailedUploadShownWithTheReason()
    {
        var cli = await StartNodeAsync(_s3.Settings(accessKey: "NOT-A-KEY"));
        var database = NodeFixture.NewAppName("s3bad");
        try
        {
            await CreateWithRowsAsync(cli, database, 10);
            var failure = await cli.FailsAsync("services:backup", database);
            output.WriteLine(failure);
            Assert.Contains("upload to s3 failed", failure, StringComparison.Ordinal);
            Assert.Contains("InvalidAccessKeyId", failure, StringComparison.Ordinal);

            var listed = Json(await cli.OkAsync("services:backups", database, "--json")).EnumerateArray().Single();
            Assert.Equal(["directory"], Strings(listed.GetProperty("locations")));
            var copy = listed.GetProperty("copies").EnumerateArray().Single();
            Assert.Equal(("s3", false), (copy.GetProperty("target").GetString(), copy.GetProperty("stored").GetBoolean()));
            Assert.Contains("InvalidAccessKeyId", copy.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("upload to s3 failed", await cli.OkAsync("services:backups", database), StringComparison.Ordinal);
            Assert.Contains("upload to s3 failed", await cli.OkAsync("services:info", database), StringComparison.Ordinal);
            Assert.True(_node!.LogCount("the upload to s3 FAILED") >= 1, "the failed upload is in the node's log");
            Assert.Empty(await _s3.KeysAsync($"services/{database}/"));
        }
        finally
        {
            await cli.RunAsync("services:destroy", database, "--force");
        }
    }

    private async Task<PaasCli> StartNodeAsync(IReadOnlyList<string> settings)
    {
        _node = new PaasNode(settings: settings);
        await _node.StartAsync();
        return new PaasCli(_node);
    }

    private async Task CreateWithRowsAsync(PaasCli cli, string database, int rows)
    {
        await ServiceBackupsEndToEndTests.MakeStandInAsync("make-postgres-image.sh", PaasNode.PostgresImage);
        await cli.OkAsync("services:create", "postgres", database);
        await Poll.UntilAsync(async () => (await ServiceBackupsEndToEndTests.PsqlAsync(database, "CREATE TABLE IF NOT EXISTS items(id int); SELECT 1")).ExitCode == 0,
            TimeSpan.FromSeconds(90), "PostgreSQL never accepted connections");
        await PsqlOkAsync(database, $"INSERT INTO items SELECT generate_series(1, {rows})");
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private async Task<string> CountAsync(string database) => (await PsqlOkAsync(database, "SELECT count(*) FROM items")).Trim();

    private async Task<string> PsqlOkAsync(string database, string sql)
    {
        var result = await ServiceBackupsEndToEndTests.PsqlAsync(database, sql);
        output.WriteLine($"psql {sql}: {result}");
        Assert.True(result.ExitCode == 0, result.Output);
        return result.StandardOutput;
    }
}
