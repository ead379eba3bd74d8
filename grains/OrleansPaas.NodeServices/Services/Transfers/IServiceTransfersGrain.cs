using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.Services;

namespace OrleansPaas.NodeServices.Services.Transfers;

/// <summary>
/// A service's data in and out (key = service name; the service's own grain, which knows its node,
/// container and credentials): export to a file, import from one, and a new service made from another's backup.
/// </summary>
[Alias("paas.IServiceTransfersGrain")]
public interface IServiceTransfersGrain : IGrainWithStringKey
{
    /// <summary>Dumps the service into a spool file on its node; read it with <see cref="IServiceTransferNodeGrain.ReadAsync"/>, then discard it.</summary>
    [Alias("BeginExport")]
    Task<ServiceTransferTicket> BeginExportAsync();

    /// <summary>Restores the import spooled as <paramref name="id"/> on <paramref name="node"/> into this service.</summary>
    [Alias("FinishImport")]
    Task<ServiceRestoreOutcome> FinishImportAsync(string node, string id);

    /// <summary>
    /// Creates this service (of the backup's kind and image, on the node that holds the backup) from backup
    /// <paramref name="id"/> of <paramref name="fromService"/>, which is left untouched. Nothing stays if the restore fails.
    /// </summary>
    [Alias("CreateFromBackup")]
    Task<ServiceCommandResult> CreateFromBackupAsync(string fromService, string id);

    /// <summary>The container and credentials services:connect runs the service's client with (on its node); null when there is no such service.</summary>
    [Alias("ConsoleSource")]
    Task<ServiceBackupSource?> ConsoleSourceAsync();
}
