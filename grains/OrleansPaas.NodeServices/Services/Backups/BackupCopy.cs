namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// One copy of a backup made beyond the backup directory (e.g. to <c>s3</c>): whether it was stored, when,
/// and what happened (where it went, or why it failed) — recorded in the manifest so that a failed upload
/// shows in <c>services:backups</c> and <c>services:info</c>, never only in a log.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.BackupCopy")]
public sealed record BackupCopy(
    [property: Id(0)] string Target,
    [property: Id(1)] bool Stored,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Detail);
