using OrleansPaas.Grains.Nodes;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.NodeServices.Services.Transfers;

namespace OrleansPaas.Grains.Services.Transfers;

/// <summary>The transfers' side of one node (key = node name, on that node's silo); a facade over <see cref="ServiceTransfers"/>.</summary>
[Orleans.Concurrency.Reentrant, NodePlacement]
public sealed class ServiceTransferNodeGrain(ServiceTransfers transfers, ServiceReadiness readiness) : Grain, IServiceTransferNodeGrain
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    public Task<string?> WaitReadyAsync(ServiceBackupSource source) => readiness.WaitAsync(source, ReadyTimeout, None);

    public Task<byte[]> ReadAsync(string id, long offset) => transfers.ReadAsync(id, offset, IServiceTransferNodeGrain.ChunkBytes, None);

    public Task<string> CreateImportAsync()
    {
        var id = ServiceTransfers.NewId();
        transfers.CreateImport(id);
        return Task.FromResult(id);
    }

    public Task AppendAsync(string id, byte[] chunk) => chunk.Length > IServiceTransferNodeGrain.ChunkBytes
        ? throw new ArgumentException("a chunk is at most 1 MiB", nameof(chunk))
        : transfers.AppendAsync(id, chunk, None);

    public Task DiscardAsync(string id)
    {
        transfers.Discard(id);
        return Task.CompletedTask;
    }

    public Task<string?> ExportAsync(ServiceBackupSource source, string id) => transfers.ExportAsync(source, id, None);

    public Task<ServiceRestoreOutcome> ImportAsync(ServiceBackupSource target, string id) => transfers.ImportAsync(target, id, None);
}
