using OrleansPaas.NodeServices.Services;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>
/// The service's backups: the grain knows the node, container and credentials; its node's
/// <see cref="IServiceBackupNodeGrain"/> runs the engine beside the container. A backup interleaves
/// with the grain's commands (it reads the node, container and credentials once, at its start, and
/// changes no state), so link, unlink and destroy do not wait up to the backup timeout behind it; a
/// destroy meanwhile makes the backup fail with a sentence. A restore is a command like the others
/// (nothing interleaves with it but backups), and the gate lets one backup or restore run at a time.
/// </summary>
public sealed partial class ServiceGrain
{
    private readonly SemaphoreSlim _backupGate = new(1, 1);

    private IServiceBackupNodeGrain BackupNode => GrainFactory.GetGrain<IServiceBackupNodeGrain>(State.Node);

    public async Task<ServiceBackupOutcome> BackupNowAsync(BackupRetention? retention)
    {
        await _backupGate.WaitAsync();
        try
        {
            if (!State.Exists)
            {
                return ServiceBackupOutcome.Failed($"service '{Name}' does not exist.");
            }

            var node = BackupNode;
            var outcome = await node.BackupAsync(BackupSource(), retention);
            if (retention is not null && outcome.Manifest is not null)
            {
                await node.PruneAsync(Name, retention.Keep);
            }

            return outcome;
        }
        finally
        {
            _backupGate.Release();
        }
    }

    public async Task<ServiceBackupOutcome> VerifyBackupAsync(string id) => State.Exists
        ? await BackupNode.VerifyAsync(Name, id)
        : ServiceBackupOutcome.Failed($"service '{Name}' does not exist.");

    public async Task<ServiceRestoreOutcome> RestoreBackupAsync(string id, string? fromService)
    {
        if (!State.Exists)
        {
            return new ServiceRestoreOutcome($"service '{Name}' does not exist.", 0, null);
        }

        var from = fromService ?? Name;
        if (ServiceName.Problem(from) is { } problem)
        {
            return new ServiceRestoreOutcome(problem, 0, null);
        }

        if (from != Name && await GrainFactory.GetGrain<IServiceGrain>(from).GetInfoAsync() is { } other && other.Node != State.Node)
        {
            return new ServiceRestoreOutcome($"the backups of '{from}' are on node '{other.Node}', not on '{State.Node}' where '{Name}' runs.", 0, null);
        }

        await _backupGate.WaitAsync();
        try
        {
            return await BackupNode.RestoreAsync(BackupSource(), from, id);
        }
        finally
        {
            _backupGate.Release();
        }
    }

    /// <summary>As its node lists them; with that node lost, as this one does (its directory and the S3 store), for services:restore --node.</summary>
    public async Task<IReadOnlyList<StoredBackup>?> ListBackupsAsync() => State.Exists
        ? await GrainFactory.GetGrain<IServiceBackupNodeGrain>(nodes.IsLive(State.Node) ? State.Node : nodes.Local).ListAsync(Name)
        : null;

    private ServiceBackupSource BackupSource()
    {
        var database = ServiceContract.DatabaseOf(Name);
        return new ServiceBackupSource(Name, State.Kind.Name(), ServiceResources.Container(Name), State.Image, State.Password, database, database);
    }
}
