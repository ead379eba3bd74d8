namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// One backup of one service, kept as <c>&lt;Id&gt;.json</c> beside its dump file: what it is, its file's
/// size and SHA-256, what it holds (counted at the dump's snapshot), and its verification — null only
/// while it has not been verified yet. <see cref="Schedules"/> names the schedules that made it (null: made by hand);
/// <see cref="Copies"/> says what became of its copies beyond the directory (null: none was asked for);
/// <see cref="Keeps"/> the <c>keep</c> each of its schedules had when it was made, by which it is pruned once that schedule is removed.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceBackupManifest")]
public sealed record ServiceBackupManifest(
    [property: Id(0)] string Id,
    [property: Id(1)] string Service,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Image,
    [property: Id(4)] string File,
    [property: Id(5)] long SizeBytes,
    [property: Id(6)] string Sha256,
    [property: Id(7)] DateTimeOffset Created,
    [property: Id(8)] double Seconds,
    [property: Id(9)] BackupContents Contents,
    [property: Id(10)] BackupVerification? Verification,
    [property: Id(11)] IReadOnlyList<string>? Schedules = null,
    [property: Id(12)] IReadOnlyList<BackupCopy>? Copies = null,
    [property: Id(13)] IReadOnlyDictionary<string, int>? Keeps = null);
