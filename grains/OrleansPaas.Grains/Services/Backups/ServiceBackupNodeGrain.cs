using OrleansPaas.Grains.Nodes;
using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.Grains.Services.Backups;

/// <summary>The backups' side of one node's engine (key = node name, on that node's silo); a facade over <see cref="IServiceBackups"/>.</summary>
[Orleans.Concurrency.Reentrant, NodePlacement]
public sealed class ServiceBackupNodeGrain(IServiceBackups backups) : Grain, IServiceBackupNodeGrain
{
    private static readonly CancellationToken None = CancellationToken.None;

    public Task<ServiceBackupOutcome> BackupAsync(ServiceBackupSource source, BackupRetention? retention) => backups.BackupAsync(source, retention, None);

    public Task<ServiceBackupOutcome> VerifyAsync(string service, string id) => backups.VerifyAsync(service, id, None);

    public Task<ServiceRestoreOutcome> RestoreAsync(ServiceBackupSource target, string fromService, string id) =>
        backups.RestoreAsync(target, fromService, id, None);

    public Task<IReadOnlyList<StoredBackup>> ListAsync(string service) => backups.ListAsync(service, None);

    public Task<int> PruneAsync(string service, IReadOnlyDictionary<string, int> keep) => backups.PruneAsync(service, keep, None);
}
