using OrleansPaas.Grains.Services;
using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.Tests.Services;

/// <summary>When services:move and services:restore --node refuse, with the sentence that says what to do instead.</summary>
public sealed class ServiceRelocationTests
{
    private static readonly string[] BothLive = ["a", "b"];
    private static readonly string[] OnlyB = ["b"];

    [Fact]
    public void Move_ToALiveNode_FromALiveNode_IsAllowed() =>
        Assert.Null(ServiceRelocation.MoveRefusal("db", "a", "b", BothLive));

    [Fact]
    public void Move_ToAnUnknownNode_NamesTheLiveOnes()
    {
        var refused = ServiceRelocation.MoveRefusal("db", "a", "zz", BothLive);
        Assert.Equal("'zz' is not a live node of the cluster (live: a, b)", refused);
    }

    [Fact]
    public void Move_ToItsOwnNode_IsRefused() =>
        Assert.Equal("service 'db' runs on node a already", ServiceRelocation.MoveRefusal("db", "a", "a", BothLive));

    [Fact]
    public void Move_FromALostNode_PointsAtRestoreWithNode()
    {
        var refused = ServiceRelocation.MoveRefusal("db", "a", "b", OnlyB);
        Assert.NotNull(refused);
        Assert.Contains("which is not a live node", refused);
        Assert.Contains("services:restore db ID --node b", refused);
    }

    [Fact]
    public void RestoreElsewhere_VerifiedBackupReachable_NodeLost_IsAllowed() =>
        Assert.Null(ServiceRelocation.RestoreElsewhereRefusal("db", "postgres", "a", "b", "id1", OnlyB, [Stored("id1", "postgres", verified: true, "s3")]));

    [Fact]
    public void RestoreElsewhere_WhileItsNodeIsAlive_PointsAtMove()
    {
        var refused = ServiceRelocation.RestoreElsewhereRefusal("db", "postgres", "a", "b", "id1", BothLive, [Stored("id1", "postgres", verified: true, "s3")]);
        Assert.NotNull(refused);
        Assert.Contains("which is alive", refused);
        Assert.Contains("use services:move db b", refused);
    }

    [Fact]
    public void RestoreElsewhere_OntoItsOwnLiveNode_PointsAtThePlainRestore()
    {
        var refused = ServiceRelocation.RestoreElsewhereRefusal("db", "postgres", "a", "a", "id1", BothLive, null);
        Assert.Equal("service 'db' runs on node a; to restore it there, leave out --node: services:restore db id1", refused);
    }

    [Fact]
    public void RestoreElsewhere_OntoANodeThatIsNotLive_IsRefused() =>
        Assert.Equal("'c' is not a live node of the cluster (live: b)",
            ServiceRelocation.RestoreElsewhereRefusal("db", "postgres", "a", "c", "id1", OnlyB, null));

    [Theory]
    [InlineData("other-id")]
    [InlineData("id1-missing")]
    public void RestoreElsewhere_BackupNotReachableFromTheNode_IsRefused(string id)
    {
        var refused = ServiceRelocation.RestoreElsewhereRefusal("db", "postgres", "a", "b", id, OnlyB,
            [Stored("id1", "postgres", verified: true, "s3"), Stored("id1-missing", "postgres", verified: true)]);
        Assert.NotNull(refused);
        Assert.StartsWith($"backup '{id}' of db cannot be reached from node b", refused);
    }

    [Fact]
    public void RestoreElsewhere_ABackupThatFailedVerification_IsRefused()
    {
        var refused = ServiceRelocation.RestoreElsewhereRefusal("db", "postgres", "a", "b", "id1", OnlyB, [Stored("id1", "postgres", verified: false, "directory")]);
        Assert.NotNull(refused);
        Assert.Contains("was not verified (checksum differs)", refused);
        Assert.Contains("services:backup-verify db id1", refused);
    }

    [Fact]
    public void RestoreElsewhere_ABackupOfTheOtherKind_IsRefused() =>
        Assert.Equal("backup 'id1' is a redis backup and db is a postgres service",
            ServiceRelocation.RestoreElsewhereRefusal("db", "postgres", "a", "b", "id1", OnlyB, [Stored("id1", "redis", verified: true, "s3")]));

    private static StoredBackup Stored(string id, string kind, bool verified, params string[] locations) => new(
        new ServiceBackupManifest(id, "db", kind, "postgres:17-alpine", id + ".dump", 10, "00", DateTimeOffset.UtcNow, 1,
            BackupContents.OfKeys(1, 0), new BackupVerification(verified, DateTimeOffset.UtcNow, 1, verified ? "ok" : "checksum differs")),
        locations);
}
