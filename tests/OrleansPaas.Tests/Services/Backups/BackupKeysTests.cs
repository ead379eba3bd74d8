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
}
