using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.Tests.Services.Backups;

/// <summary>Pruning after a scheduled backup removes only that schedule's oldest backups, never another schedule's or a manual one.</summary>
public sealed class BackupPruningTests : IDisposable
{
    private const string Nightly = "0 3 * * *";
    private const string Hourly = "0 * * * *";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "paas-prune-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task PruneAsync_ScheduleKeepsTwo_RemovesOnlyItsOwnOldest()
    {
        var options = Options.Create(new PaasOptions { DataDir = _dataDir });
        var store = new BackupStore(options, new DataPaths(options.Value));
        await SaveAsync(store, "20261201-000000-aaaaaa");
        await SaveAsync(store, "20261201-030000-bbbbbb", Nightly);
        await SaveAsync(store, "20261201-040000-ffffff", "0 4 * * *");
        await SaveAsync(store, "20261202-030000-cccccc", Nightly, Hourly);
        await SaveAsync(store, "20261203-030000-dddddd", Nightly);
        await SaveAsync(store, "20261203-040000-111111", Hourly);
        await SaveAsync(store, "20261204-030000-eeeeee", Nightly);
        await SaveAsync(store, "20261205-120000-999999");
        var engine = new ServiceBackups([], store, options, NullLogger<ServiceBackups>.Instance);

        var removed = await engine.PruneAsync("db", new Dictionary<string, int> { [Nightly] = 2, [Hourly] = 1 }, CancellationToken.None);

        // Nightly keeps its newest two (e, d); its oldest (b) goes; c is also hourly's, but hourly's newest is 111111.
        // The manual ones and the one of a schedule not given (0 4, removed since) stay.
        var left = (await store.ListAsync("db", CancellationToken.None)).Select(m => m.Id).ToList();
        Assert.Equal(["20261205-120000-999999", "20261204-030000-eeeeee", "20261203-040000-111111", "20261203-030000-dddddd",
            "20261201-040000-ffffff", "20261201-000000-aaaaaa"], left);
        Assert.Equal(2, removed);
    }

    private static Task SaveAsync(BackupStore store, string id, params string[] schedules) =>
        store.SaveAsync(new ServiceBackupManifest(id, "db", "redis", "redis:7-alpine", id + ".rdb", 1, "00", DateTimeOffset.UtcNow, 1,
            BackupContents.OfKeys(1, 0), new BackupVerification(true, DateTimeOffset.UtcNow, 1, "ok"), schedules.Length == 0 ? null : schedules), CancellationToken.None);

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
