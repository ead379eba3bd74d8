using System.Net;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// A cluster's platform (its rows in PostgreSQL) backed up through the API and restored into a new
/// cluster's empty database: the app is served again, with its config var, from the archived image.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterBackupTests(PostgresServer pg) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("paas-cluster-backup-").FullName;
    private readonly string _token = "cluster-backup-token-" + Guid.NewGuid().ToString("N");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task BackupThenRestoreIntoANewClustersDatabase_AppServedAgainWithItsConfig()
    {
        var certificate = await ClusterCertificates.MakeWithScriptAsync(_dir, "cluster");
        var app = "clbk-" + Guid.NewGuid().ToString("N")[..6];
        var archive = Path.Combine(_dir, "cluster.tar.gz");
        await using (var old = Node(await pg.CreateDatabaseAsync("backup_old"), certificate))
        {
            await old.StartAsync();
            using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "cluster app");
            var push = await source.PushAsync(old.RemoteUrl(app));
            Assert.True(push.ExitCode == 0, push.Output);
            var cli = new PaasCli(old);
            await cli.OkAsync("config:set", app, "GREETING=from the old cluster");
            await cli.OkAsync("platform:backup", archive, "--with-images");
        }

        var database = await pg.CreateDatabaseAsync("backup_new");
        await using var fresh = Node(database, certificate);
        var restored = await fresh.RunVerbAsync("restore", archive);
        Assert.True(restored.ExitCode == 0, restored.Output);
        Assert.Contains("Restored 1 app(s)", restored.Output);
        var twice = await fresh.RunVerbAsync("restore", archive);
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("This cluster already has 1 app(s)", twice.StandardError);

        await fresh.StartAsync();
        await fresh.WaitForContentAsync($"{app}.{PaasNode.Domain}", "cluster app");
        Assert.Contains("GREETING=from the old cluster", (await fresh.GetAsync($"{app}.{PaasNode.Domain}", "/cgi-bin/env")).Body);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync($"{app}.{PaasNode.Domain}")).Status);
    }

    private PaasNode Node(string connectionString, string certificatePath) =>
        new(postgresConnectionString: connectionString, certificatePath: certificatePath, nodeAddress: "127.0.0.1", adminToken: _token);
}
