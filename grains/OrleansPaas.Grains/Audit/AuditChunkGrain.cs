using OrleansPaas.Audit;

namespace OrleansPaas.Grains.Audit;

/// <summary>Up to <see cref="AuditLogGrain.ChunkSize"/> entries of the trail, in order.</summary>
public sealed class AuditChunkGrain(
    [PersistentState("audit-chunk", GrainStorage.Name)] IPersistentState<AuditChunkState> state) : Grain, IAuditChunkGrain
{
    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        state.State.Entries.AddRange(entries);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Entries.RemoveRange(state.State.Entries.Count - entries.Count, entries.Count);
            throw;
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.Entries.ToList());

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
