namespace OrleansPaas.NodeServices.Services.Backups.Targets;

/// <summary>
/// Somewhere a service's backups are kept: each backup whole (its dump and its manifest) or not at all.
/// The directory is always one (dumps are written and verified there); an S3-compatible store is another when configured.
/// Failures are thrown (the engine turns them into sentences).
/// </summary>
public interface IBackupTarget
{
    /// <summary>How listings and manifests name it: <c>directory</c>, <c>s3</c>.</summary>
    string Name { get; }

    /// <summary>Stores the dump at <paramref name="dump"/> and then the manifest (the manifest last: a backup without one is not listed).</summary>
    Task StoreAsync(ServiceBackupManifest manifest, string dump, CancellationToken cancellationToken);

    /// <summary>Replaces the stored manifest (a new verification result) of a backup kept here.</summary>
    Task SaveManifestAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken);

    /// <summary>The ids of the service's backups kept here whole (manifest and dump).</summary>
    Task<IReadOnlySet<string>> IdsAsync(string service, CancellationToken cancellationToken);

    Task<ServiceBackupManifest?> FindAsync(string service, string id, CancellationToken cancellationToken);

    /// <summary>The backup's dump as a file on this node, for as long as the result is not disposed.</summary>
    Task<LocalDump> FetchAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken);

    Task DeleteAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken);
}
