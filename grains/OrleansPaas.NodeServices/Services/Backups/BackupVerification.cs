namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// The result of restoring a backup into a throwaway container of its image and comparing what came back
/// with its manifest: <see cref="Passed"/>, when, how long it took, and one sentence (what was
/// checked, or what failed).
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.BackupVerification")]
public sealed record BackupVerification(
    [property: Id(0)] bool Passed,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] double Seconds,
    [property: Id(3)] string Detail);
