using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.NodeServices.Services.Transfers;
using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>
/// services:export, services:import and services:restore --into. The dump and the restore are the
/// backup engine's; the grain adds the credentials and, not being reentrant, holds off link, unlink and
/// destroy while an export is dumped or an import restored.
/// </summary>
public sealed partial class ServiceGrain
{
    private IServiceTransferNodeGrain TransferNode(string node) => GrainFactory.GetGrain<IServiceTransferNodeGrain>(node);

    public async Task<ServiceTransferTicket> BeginExportAsync()
    {
        if (!State.Exists)
        {
            return ServiceTransferTicket.Refused($"service '{Name}' does not exist");
        }

        var id = ServiceTransfers.NewId();
        var error = await OneAtATimeAsync(() => TransferNode(State.Node).ExportAsync(BackupSource(), id));
        return error is null
            ? new ServiceTransferTicket(null, State.Node, id, State.Kind == ServiceKind.Postgres ? "dump" : "rdb")
            : ServiceTransferTicket.Refused(error);
    }

    public async Task<ServiceRestoreOutcome> FinishImportAsync(string node, string id)
    {
        if (!State.Exists || node != State.Node)
        {
            await TransferNode(node).DiscardAsync(id);
            return new ServiceRestoreOutcome(State.Exists ? $"service '{Name}' moved to node '{State.Node}' during the import; nothing was changed" : $"service '{Name}' does not exist", 0, null);
        }

        return await OneAtATimeAsync(() => TransferNode(node).ImportAsync(BackupSource(), id));
    }

    /// <summary>An export or import waits for a backup or restore of the service to end, as they wait for each other.</summary>
    private async Task<T> OneAtATimeAsync<T>(Func<Task<T>> transfer)
    {
        await _backupGate.WaitAsync();
        try
        {
            return await transfer();
        }
        finally
        {
            _backupGate.Release();
        }
    }

    public Task<ServiceBackupSource?> ConsoleSourceAsync() => Task.FromResult(State.Exists ? BackupSource() : null);

    public async Task<ServiceCommandResult> CreateFromBackupAsync(string fromService, string id)
    {
        if (ServiceName.Problem(Name) is { } nameProblem)
        {
            return ServiceCommandResult.Invalid("into", nameProblem);
        }

        if (await GrainFactory.GetGrain<IServiceGrain>(fromService).GetInfoAsync() is not { } from)
        {
            return ServiceCommandResult.NotFound($"service '{fromService}' does not exist");
        }

        // The backup's own kind and image (its version), on the node that holds its file.
        var manifest = (await GrainFactory.GetGrain<IServiceBackupNodeGrain>(from.Node).ListAsync(fromService)).FirstOrDefault(b => b.Manifest.Id == id)?.Manifest;
        if (manifest is null)
        {
            return ServiceCommandResult.NotFound($"service {fromService} has no backup '{id}'");
        }

        if (!ServiceKinds.TryParse(manifest.Kind, out var kind))
        {
            return ServiceCommandResult.Invalid("id", $"backup {id} is of an unknown kind '{manifest.Kind}'");
        }

        var created = await CreateOnAsync(kind, manifest.Image, from.Node);
        if (!created.Succeeded)
        {
            return created;
        }

        ServiceRestoreOutcome restored;
        try
        {
            restored = await TransferNode(State.Node).WaitReadyAsync(BackupSource()) is { } notReady
                ? new ServiceRestoreOutcome(notReady, 0, null)
                : await RestoreBackupAsync(id, fromService);
        }
        catch
        {
            await DestroyAsync(force: true);
            throw;
        }

        if (!restored.Succeeded)
        {
            // Nothing stays of a service its backup did not restore into.
            await DestroyAsync(force: true);
            return ServiceCommandResult.Failed(restored.Error!);
        }

        return ServiceCommandResult.Ok(await InfoAsync());
    }
}
