using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.NodeServices.Services.Backups.Targets;

namespace OrleansPaas.Tests.Services.Backups;

/// <summary>The bucket's keys name the service and the backup; a backup counts as in the bucket only with both its manifest and its dump.</summary>
public sealed class BackupKeysTests
{
    [Fact]
    public void Keys_NameTheServiceAndTheBackup()
    {
        Assert.Equal("services/db/20261201-030000-abcdef.json", BackupKeys.Manifest("db", "20261201-030000-abcdef"));
        Assert.Equal("services/db/20261201-030000-abcdef.dump", BackupKeys.Dump("db", "20261201-030000-abcdef.dump"));
        Assert.Equal("services/db/", BackupKeys.Prefix("db"));
    }

    [Fact]
    public void WholeBackups_OnlyThoseWithManifestAndDump_OfThisServiceAlone()
    {
        string[] keys =
        [
            "services/db/20261201-030000-aaaaaa.json", "services/db/20261201-030000-aaaaaa.dump",
            "services/db/20261202-030000-bbbbbb.json",
            "services/db/20261203-030000-cccccc.rdb",
            "services/db/20261204-030000-dddddd.json", "services/db/20261204-030000-dddddd.partial",
            "services/db/nested/20261205-030000-eeeeee.json", "services/db/nested/20261205-030000-eeeeee.dump",
            "services/db2/20261206-030000-ffffff.json", "services/db2/20261206-030000-ffffff.dump",
            "services/db/not-an-id.json", "services/db/not-an-id.dump",
        ];

        Assert.Equal(["20261201-030000-aaaaaa"], BackupKeys.WholeBackups("db", keys));
    }

    [Fact]
    public void Pruning_RemovesWhatTheScheduleNoLongerKeeps_WhereverItIs()
    {
        StoredBackup[] all =
        [
            Stored("20261204-030000-eeeeee", ["directory", "s3"], "0 3 * * *"),
            Stored("20261203-030000-dddddd", ["s3"], "0 3 * * *"),
            Stored("20261202-120000-999999", ["directory", "s3"]),
            Stored("20261202-030000-cccccc", ["s3"], "0 3 * * *"),
            Stored("20261201-030000-bbbbbb", ["directory"], "0 3 * * *"),
        ];

        var removed = BackupPruning.Choose(all, new Dictionary<string, int> { ["0 3 * * *"] = 2 });

        // The schedule keeps its newest two wherever they are; the older ones go from where they are (s3 only, the directory only); the manual one stays.
        Assert.Equal(["20261202-030000-cccccc:s3", "20261201-030000-bbbbbb:directory"],
            removed.Select(b => $"{b.Manifest.Id}:{string.Join('+', b.Locations)}"));
    }

    private static StoredBackup Stored(string id, string[] locations, params string[] schedules) => new(
        new ServiceBackupManifest(id, "db", "redis", "redis:7-alpine", id + ".rdb", 1, "00", DateTimeOffset.UtcNow, 1,
            BackupContents.OfKeys(1, 0), new BackupVerification(true, DateTimeOffset.UtcNow, 1, "ok"), schedules.Length == 0 ? null : schedules),
        locations);
}
