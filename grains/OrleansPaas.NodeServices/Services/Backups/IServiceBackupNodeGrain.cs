using Orleans.Concurrency;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// The backup engine of one node (key = node name, placed on that node's silo): it runs where the
/// service's container and its Docker engine are. A backup or restore takes minutes; the calls wait
/// for it under the silo's call timeout (15 minutes, set in the silo's hosting), not Orleans' 30 s default.
/// </summary>
[Alias("paas.IServiceBackupNodeGrain")]
public interface IServiceBackupNodeGrain : IGrainWithStringKey
{
    /// <summary>A backup now; with a schedule's <paramref name="retention"/>, recorded in its manifest (a new alias, as the argument changed).</summary>
    [AlwaysInterleave, Alias("BackupFor")]
    Task<ServiceBackupOutcome> BackupAsync(ServiceBackupSource source, BackupRetention? retention);

    [AlwaysInterleave, Alias("Verify")]
    Task<ServiceBackupOutcome> VerifyAsync(string service, string id);

    [AlwaysInterleave, Alias("Restore")]
    Task<ServiceRestoreOutcome> RestoreAsync(ServiceBackupSource target, string fromService, string id);

    /// <summary>The service's backups with where each is (directory, s3); a new alias, as the answer's type changed.</summary>
    [AlwaysInterleave, Alias("ListStored")]
    Task<IReadOnlyList<StoredBackup>> ListAsync(string service);

    [AlwaysInterleave, Alias("Prune")]
    Task<int> PruneAsync(string service, IReadOnlyDictionary<string, int> keep);
}
