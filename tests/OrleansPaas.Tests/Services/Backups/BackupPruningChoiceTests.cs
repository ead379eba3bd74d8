using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.Tests.Services.Backups;

/// <summary>Which backups a keep removes (pure): wherever they are, and for schedules removed since by the keep their manifests recorded.</summary>
public sealed class BackupPruningChoiceTests
{
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

    [Fact]
    public void Pruning_RemovedSchedule_KeepsWhatItsNewestManifestSaysItKept()
    {
        StoredBackup[] all =
        [
            new(Manifest("20261205-030000-ffffff", ["0 3 * * *"], new() { ["0 3 * * *"] = 5 }), ["directory"]),
            new(Manifest("20261204-040000-eeeeee", ["0 4 * * *"], new() { ["0 4 * * *"] = 2 }), ["directory", "s3"]),
            new(Manifest("20261203-040000-dddddd", ["0 4 * * *"], new() { ["0 4 * * *"] = 3 }), ["directory", "s3"]),
            new(Manifest("20261202-040000-cccccc", ["0 4 * * *"], new() { ["0 4 * * *"] = 3 }), ["s3"]),
            Stored("20261201-050000-bbbbbb", ["directory"], "0 5 * * *"),
            Stored("20261201-050000-aaaaaa", ["directory"], "0 5 * * *"),
        ];

        // "0 4" was removed: its newest backup says it kept 2, so its third goes; "0 5" was removed before keeps were recorded: its backups stay.
        var removed = BackupPruning.Choose(all, new Dictionary<string, int> { ["0 3 * * *"] = 1 });

        Assert.Equal(["20261202-040000-cccccc"], removed.Select(b => b.Manifest.Id));
    }

    private static StoredBackup Stored(string id, string[] locations, params string[] schedules) =>
        new(Manifest(id, schedules.Length == 0 ? null : schedules, null), locations);

    private static ServiceBackupManifest Manifest(string id, string[]? schedules, Dictionary<string, int>? keeps) =>
        new(id, "db", "redis", "redis:7-alpine", id + ".rdb", 1, "00", DateTimeOffset.UtcNow, 1,
            BackupContents.OfKeys(1, 0), new BackupVerification(true, DateTimeOffset.UtcNow, 1, "ok"), schedules, null, keeps);
}
