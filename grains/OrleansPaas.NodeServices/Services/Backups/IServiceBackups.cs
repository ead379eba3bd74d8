namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// Backups of this node's service containers that are proven restorable: each is dumped into the
/// backup directory with a manifest (and copied to the S3 store when one is set), then restored into a throwaway container of the same image and
/// compared with what the manifest says it holds. Expected failures come back as values with one
/// sentence; nothing is thrown for them.
/// </summary>
public interface IServiceBackups
{
    /// <summary>
    /// Dumps the running service, stores the dump and its manifest (with the schedules it is made for and their
    /// keep, from <paramref name="retention"/>; null: by hand), then verifies it (the outcome's manifest says whether that passed).
    /// </summary>
    Task<ServiceBackupOutcome> BackupAsync(ServiceBackupSource source, BackupRetention? retention, CancellationToken cancellationToken);

    /// <summary>Verifies a stored backup again (its checksum, then a restore into a throwaway container) and records the result in its manifest.</summary>
    Task<ServiceBackupOutcome> VerifyAsync(string service, string id, CancellationToken cancellationToken);

    /// <summary>
    /// Restores backup <paramref name="id"/> of <paramref name="fromService"/> into the running service
    /// <paramref name="target"/> (the same service, or another of the same kind), then checks that it
    /// holds what the backup says. A backup of the other kind, or one whose file no longer matches its
    /// checksum, is refused and nothing is changed.
    /// </summary>
    Task<ServiceRestoreOutcome> RestoreAsync(ServiceBackupSource target, string fromService, string id, CancellationToken cancellationToken);

    /// <summary>The service's backups in every target, newest first, each with the targets that hold it whole.</summary>
    Task<IReadOnlyList<StoredBackup>> ListAsync(string service, CancellationToken cancellationToken);

    /// <summary>
    /// For each schedule in <paramref name="keep"/>, removes all but the newest that many of the backups it made,
    /// from every target that holds them (<see cref="BackupPruning"/> says which). Returns how many went.
    /// </summary>
    Task<int> PruneAsync(string service, IReadOnlyDictionary<string, int> keep, CancellationToken cancellationToken);

    /// <summary>Writes a dump of the running service to <paramref name="destination"/> (PostgreSQL custom format, or a Redis RDB file), without storing it.</summary>
    Task ExportAsync(ServiceBackupSource source, Stream destination, CancellationToken cancellationToken);

    /// <summary>Restores a dump read from <paramref name="dump"/> (as <see cref="ExportAsync"/> writes it) into the running service.</summary>
    Task<ServiceRestoreOutcome> ImportAsync(ServiceBackupSource target, Stream dump, CancellationToken cancellationToken);
}
