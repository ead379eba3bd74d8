using Orleans.Concurrency;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// A service's backups (key = service name; the service's own grain, which knows its node, container
/// and credentials). One backup or restore of a service at a time; a missing service is an outcome's sentence.
/// A backup interleaves with the service's other commands (unlink and destroy do not wait behind a dump).
/// </summary>
[Alias("paas.IServiceBackupsGrain")]
public interface IServiceBackupsGrain : IGrainWithStringKey
{
    /// <summary>Dumps, stores and verifies a backup now; with <paramref name="retention"/> (a schedule's), then prunes what the schedules made.</summary>
    [AlwaysInterleave, Alias("BackupNow")]
    Task<ServiceBackupOutcome> BackupNowAsync(BackupRetention? retention);

    /// <summary>Verifies a stored backup again (checksum, then a restore into a throwaway container); the result goes into its manifest.</summary>
    [Alias("VerifyBackup")]
    Task<ServiceBackupOutcome> VerifyBackupAsync(string id);

    /// <summary>Restores backup <paramref name="id"/> of <paramref name="fromService"/> (null: this service) into this service.</summary>
    [Alias("RestoreBackup")]
    Task<ServiceRestoreOutcome> RestoreBackupAsync(string id, string? fromService);

    /// <summary>Newest first, with where each is (directory, s3); null when there is no such service.</summary>
    [AlwaysInterleave, Alias("ListStoredBackups")]
    Task<IReadOnlyList<StoredBackup>?> ListBackupsAsync();
}
