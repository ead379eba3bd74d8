namespace OrleansPaas.NodeServices.Services.Backups.Targets;

/// <summary>The targets in force on this node: the directory always, first; then the copies (the S3 store when <c>Paas:Backups:S3</c> is set).</summary>
public sealed class BackupTargets(DirectoryBackupTarget directory, IReadOnlyList<IBackupTarget> copies)
{
    public DirectoryBackupTarget Directory => directory;

    /// <summary>Where each backup is copied once the directory holds it.</summary>
    public IReadOnlyList<IBackupTarget> Copies => copies;

    public IReadOnlyList<IBackupTarget> All => [directory, .. copies];
}
