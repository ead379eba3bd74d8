namespace OrleansPaas.NodeServices.Backup;

/// <summary>
/// Writes one archive of the whole platform (its state, every app's repository, tokens, certificates
/// and keys, optionally the current release images) for <c>orleanspaas restore</c>. The API streams
/// it; the node's <c>backup</c> verb writes it to a file.
/// </summary>
public interface IPlatformBackup
{
    /// <summary>Writes the archive (tar.gz) to <paramref name="destination"/>; one sentence in a <see cref="BackupProblemException"/> when it cannot.</summary>
    Task<BackupSummary> WriteAsync(Stream destination, bool withImages, CancellationToken cancellationToken);
}
