using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.NodeServices.Services.Backups.Targets;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Services.Backups;

/// <summary>
/// The engine's listing and pruning over the directory and a real S3-compatible store (s3rver): a backup in the bucket alone is
/// listed as in s3, and a schedule's keep removes the backups it no longer keeps from the bucket as well as from the directory.
/// </summary>
public sealed class S3BackupTargetTests : IAsyncLifetime
{
    private const string Nightly = "0 3 * * *";
    private readonly S3rverServer _s3 = new();
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "paas-s3-prune-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => _s3.StartAsync();

    [Fact]
    public async Task Prune_KeepOne_RemovesTheOlderBackupsFromTheBucketToo()
    {
        var options = Options.Create(new PaasOptions { DataDir = _dataDir });
        options.Value.Backups.S3 = new BackupsS3Options
        {
            Endpoint = _s3.Endpoint, Bucket = S3rverServer.Bucket, AccessKey = S3rverServer.AccessKey, SecretKey = S3rverServer.SecretKey,
        };
        var store = new BackupStore(options, new DataPaths(options.Value));
        var directory = new DirectoryBackupTarget(store);
        using var s3 = new S3BackupTarget(options, store);
        var engine = new ServiceBackups([], store, options, NullLogger<ServiceBackups>.Instance, targets: new BackupTargets(directory, [s3]));
        await StoreAsync(store, [directory, s3], "20261201-030000-aaaaaa", Nightly);
        await StoreAsync(store, [s3], "20261202-030000-bbbbbb", Nightly);
        await StoreAsync(store, [directory, s3], "20261203-030000-cccccc", Nightly);
        await StoreAsync(store, [directory, s3], "20261203-120000-dddddd");

        var listed = await engine.ListAsync("db", CancellationToken.None);
        Assert.Equal(["20261203-120000-dddddd:directory+s3", "20261203-030000-cccccc:directory+s3", "20261202-030000-bbbbbb:s3", "20261201-030000-aaaaaa:directory+s3"],
            listed.Select(b => $"{b.Manifest.Id}:{string.Join('+', b.Locations)}"));

        Assert.Equal(2, await engine.PruneAsync("db", new Dictionary<string, int> { [Nightly] = 1 }, CancellationToken.None));

        string[] left = ["services/db/20261203-030000-cccccc.rdb", "services/db/20261203-030000-cccccc.json",
            "services/db/20261203-120000-dddddd.rdb", "services/db/20261203-120000-dddddd.json"];
        Assert.Equal(left.Order(), (await _s3.KeysAsync("services/db/")).Order());
        Assert.Equal(["20261203-120000-dddddd", "20261203-030000-cccccc"], (await store.ListAsync("db", CancellationToken.None)).Select(m => m.Id));
    }

    private static async Task StoreAsync(BackupStore store, IBackupTarget[] targets, string id, params string[] schedules)
    {
        var manifest = new ServiceBackupManifest(id, "db", "redis", "redis:7-alpine", id + ".rdb", 4, "00", DateTimeOffset.UtcNow, 1,
            BackupContents.OfKeys(1, 0), new BackupVerification(true, DateTimeOffset.UtcNow, 1, "ok"), schedules.Length == 0 ? null : schedules);
        var dump = store.PartialPath("db", "test-" + id);
        await File.WriteAllTextAsync(dump, "REDI");
        foreach (var target in targets)
        {
            await target.StoreAsync(manifest, dump, CancellationToken.None);
        }

        File.Delete(dump);
    }

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
