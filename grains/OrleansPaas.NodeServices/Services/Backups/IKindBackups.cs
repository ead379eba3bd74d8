namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// How one kind of service is dumped, proven and restored, with its image's own tools through
/// <c>docker exec</c>. Failures are <see cref="OrleansPaas.NodeServices.Backup.BackupProblemException"/>s with one sentence.
/// </summary>
public interface IKindBackups
{
    /// <summary>The kind's name as users type it: <c>postgres</c>, <c>redis</c>.</summary>
    string Kind { get; }

    /// <summary>The dump file's extension.</summary>
    string Extension { get; }

    /// <summary>Writes a consistent dump of the running service to <paramref name="file"/>; returns what the dump holds.</summary>
    Task<BackupContents> DumpAsync(ServiceBackupSource source, string file, CancellationToken cancellationToken);

    /// <summary>Restores <paramref name="file"/> into a throwaway container of <paramref name="image"/> (removed afterwards); returns what it then holds.</summary>
    Task<BackupContents> LoadIntoThrowawayAsync(string service, string image, string file, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Replaces the running service's data with <paramref name="file"/>; returns what it then holds.</summary>
    Task<BackupContents> RestoreAsync(ServiceBackupSource target, string file, TimeSpan timeout, CancellationToken cancellationToken);
}
