using Orleans.Concurrency;
using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.NodeServices.Services.Transfers;

/// <summary>
/// The chunks of an export or import on the node that runs the service (key = node name, on that node's
/// silo). The API on any node reads or writes a transfer through it one chunk (at most 1 MiB) per call.
/// </summary>
[Alias("paas.IServiceTransferNodeGrain")]
public interface IServiceTransferNodeGrain : IGrainWithStringKey
{
    /// <summary>The largest chunk a call carries.</summary>
    public const int ChunkBytes = 1 << 20;

    /// <summary>Dumps the service (as its grain describes it) into spool <paramref name="id"/>; null when done, else why not.</summary>
    [AlwaysInterleave, Alias("Export")]
    Task<string?> ExportAsync(ServiceBackupSource source, string id);

    /// <summary>Restores spool <paramref name="id"/> into the service (as its grain describes it); the spool goes either way.</summary>
    [AlwaysInterleave, Alias("Import")]
    Task<ServiceRestoreOutcome> ImportAsync(ServiceBackupSource target, string id);

    /// <summary>Null once a new service's server accepts connections, else why not (within two minutes).</summary>
    [AlwaysInterleave, Alias("WaitReady")]
    Task<string?> WaitReadyAsync(ServiceBackupSource source);

    [AlwaysInterleave, Alias("Read")]
    Task<byte[]> ReadAsync(string id, long offset);

    [AlwaysInterleave, Alias("CreateImport")]
    Task<string> CreateImportAsync();

    [AlwaysInterleave, Alias("Append")]
    Task AppendAsync(string id, byte[] chunk);

    [AlwaysInterleave, Alias("Discard")]
    Task DiscardAsync(string id);
}
