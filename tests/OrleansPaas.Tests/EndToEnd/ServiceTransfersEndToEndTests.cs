using System.Text.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// services:export, services:import and services:restore --into through the CLI and the API on the real
/// engine (the stand-in images): a PostgreSQL service's dump goes out through `&gt;`, the rows go, the dump
/// comes back through `&lt;`; a Redis dump is refused by the PostgreSQL service with a sentence and nothing
/// changes; a backup becomes a new service of the same kind and version while the original stays as it is;
/// services:connect runs psql and redis-cli in the containers with our standard input and output.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ServiceTransfersEndToEndTests(NodeFixture fixture, ITestOutputHelper output)
{
    private PaasNode Node => fixture.Node;
    private PaasCli Cli => new(Node);

    [Fact]
    public async Task ExportImportRestoreIntoConnect_DataComesBack_WrongKindRefused()
    {
        var database = NodeFixture.NewAppName("xdb");
        var cache = NodeFixture.NewAppName("xcache");
        var copy = NodeFixture.NewAppName("xcopy");
        var folder = Directory.CreateTempSubdirectory("paas-export-").FullName;
        try
        {
            await ExportImportRestoreIntoAsync(database, cache, copy, folder);
        }
        finally
        {
            await Cli.RunAsync("services:destroy", database, "--force");
            await Cli.RunAsync("services:destroy", cache, "--force");
            await Cli.RunAsync("services:destroy", copy, "--force");
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task ExportImportRestoreIntoAsync(string database, string cache, string copy, string folder)
    {
        await Cli.OkAsync("services:create", "postgres", database);
        await Cli.OkAsync("services:create", "redis", cache);
        await Poll.UntilAsync(async () => (await PsqlAsync(database, "CREATE TABLE IF NOT EXISTS items(id int); SELECT 1")).ExitCode == 0,
            TimeSpan.FromSeconds(90), "PostgreSQL never accepted connections");
        await PsqlOkAsync(database, "INSERT INTO items SELECT generate_series(1, 300)");

        // Out through standard output, back through standard input, as `> FILE` and `< FILE`.
        var dump = Path.Combine(folder, "db.dump");
        var exported = await ShellAsync($"services:export {database} > {dump}");
        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.Equal("PGDMP", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(dump))[..5]));
        await PsqlOkAsync(database, "DELETE FROM items");
        var imported = await ShellAsync($"services:import {database} < {dump}");
        Assert.True(imported.ExitCode == 0, imported.ToString());
        output.WriteLine(imported.StandardOutput);
        Assert.Equal("300", await CountAsync(database));

        // A Redis dump into the PostgreSQL service: one sentence, the rows untouched.
        var rdb = Path.Combine(folder, "cache.rdb");
        await Cli.OkAsync("services:export", cache, rdb);
        Assert.Contains("The file is a Redis RDB file, but", await Cli.FailsAsync("services:import", database, rdb), StringComparison.Ordinal);
        Assert.Equal("300", await CountAsync(database));

        // A backup into a new service: same kind and version, the rows there; the original untouched.
        var id = Json(await Cli.OkAsync("services:backup", database, "--json")).GetProperty("id").GetString()!;
        await PsqlOkAsync(database, "INSERT INTO items VALUES (301)");
        Assert.Contains("already exists", await Cli.FailsAsync("services:restore", database, id, "--into", cache), StringComparison.Ordinal);
        Assert.Contains("no backup", await Cli.FailsAsync("services:restore", database, "20000101-000000-abcdef", "--into", copy), StringComparison.Ordinal);
        Assert.Contains("does not exist", await Cli.FailsAsync("services:info", copy), StringComparison.Ordinal);
        var created = Json(await Cli.OkAsync("services:restore", database, id, "--into", copy, "--json"));
        var original = Json(await Cli.OkAsync("services:info", database, "--json"));
        Assert.Equal(copy, created.GetProperty("name").GetString());
        Assert.Equal("postgres", created.GetProperty("kind").GetString());
        Assert.Equal(original.GetProperty("image").GetString(), created.GetProperty("image").GetString());
        Assert.Equal("300", await CountAsync(copy));
        Assert.Equal("301", await CountAsync(database));

        // services:connect with a script on standard input: psql and redis-cli in the containers, their exit codes ours.
        var psql = await ShellAsync($"services:connect {database} <<'SQL'\nSELECT count(*) AS n FROM items;\nSQL");
        Assert.True(psql.ExitCode == 0, psql.ToString());
        Assert.Contains("301", psql.StandardOutput, StringComparison.Ordinal);
        var failing = await ShellAsync($"services:connect {database} <<'SQL'\n\\set ON_ERROR_STOP on\nSELECT nothing_here;\nSQL");
        Assert.NotEqual(0, failing.ExitCode);
        Assert.Contains("nothing_here", failing.StandardError, StringComparison.Ordinal);
        var redis = await ShellAsync($"services:connect {cache} <<'REDIS'\nSET greeting hello\nGET greeting\nREDIS");
        Assert.True(redis.ExitCode == 0, redis.ToString());
        Assert.Contains("hello", redis.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("does not exist", await Cli.FailsAsync("services:connect", NodeFixture.NewAppName("nosvc")), StringComparison.Ordinal);
    }

    private Task<ProcessResult> ShellAsync(string paasArguments) =>
        ProcessRunner.RunAsync("bash", ["-c", $"dotnet {PaasCliDll} {paasArguments}"], Path.GetTempPath(), new Dictionary<string, string>
        {
            ["PAAS_URL"] = Node.ControlUrl,
            ["PAAS_TOKEN"] = Node.Token,
        }, TimeSpan.FromMinutes(3));

    private static string PaasCliDll => Path.Combine(RepositoryRoot.Path, "cli", "OrleansPaas.Cli", "bin", PaasNode.BuildConfiguration, "net10.0", "paas.dll");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private async Task<string> CountAsync(string database) => (await PsqlOkAsync(database, "SELECT count(*) FROM items")).Trim();

    private static Task<ProcessResult> PsqlAsync(string database, string sql)
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
}
