namespace OrleansPaas.NodeServices.Services.Backups.Targets;

/// <summary>The backup directory (<c>Paas:Backups:Directory</c>) as a target: where every backup is written and verified first.</summary>
public sealed class DirectoryBackupTarget(BackupStore store) : IBackupTarget
{
    public const string TargetName = "directory";

    public string Name => TargetName;

    public async Task StoreAsync(ServiceBackupManifest manifest, string dump, CancellationToken cancellationToken)
    {
        var path = store.DumpPath(manifest.Service, manifest.File);
        if (Path.GetFullPath(dump) != path)
        {
            File.Copy(dump, path, overwrite: true);
        }

        await store.SaveAsync(manifest, cancellationToken);
    }

    public Task SaveManifestAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken) => store.SaveAsync(manifest, cancellationToken);

    public async Task<IReadOnlySet<string>> IdsAsync(string service, CancellationToken cancellationToken) =>
        (await store.ListAsync(service, cancellationToken)).Where(m => File.Exists(store.DumpPath(service, m.File))).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);

    public Task<ServiceBackupManifest?> FindAsync(string service, string id, CancellationToken cancellationToken) => store.FindAsync(service, id, cancellationToken);

    public Task<LocalDump> FetchAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken) =>
        Task.FromResult(new LocalDump(store.DumpPath(manifest.Service, manifest.File), temporary: false));

    public Task DeleteAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken)
    {
        store.Delete(manifest);
        return Task.CompletedTask;
    }
}
