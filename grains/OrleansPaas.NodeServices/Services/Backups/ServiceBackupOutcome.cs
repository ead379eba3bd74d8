namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// The outcome of <see cref="IServiceBackups.BackupAsync"/> or <see cref="IServiceBackups.VerifyAsync"/>:
/// the manifest (whose <see cref="ServiceBackupManifest.Verification"/> says whether it was proven),
/// or, when no backup could be written at all, one sentence in <see cref="Error"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceBackupOutcome")]
public sealed record ServiceBackupOutcome(
    [property: Id(0)] ServiceBackupManifest? Manifest,
    [property: Id(1)] string? Error)
{
    /// <summary>A backup exists and its verification passed.</summary>
    public bool Verified => Manifest?.Verification?.Passed == true;

    public static ServiceBackupOutcome Failed(string error) => new(null, error);
}
