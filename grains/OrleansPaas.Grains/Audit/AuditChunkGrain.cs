using OrleansPaas.Audit;

namespace OrleansPaas.Grains.Audit;

/// <summary>Up to <see cref="AuditLogGrain.ChunkSize"/> entries of the trail, in order.</summary>
public sealed class AuditChunkGrain(
    [PersistentState("audit-chunk", GrainStorage.Name)] IPersistentState<AuditChunkState> state) : Grain, IAuditChunkGrain
{
    public async Task AppendAsync(AuditEntry entry)
    {
        state.State.Entries.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Entries.RemoveAt(state.State.Entries.Count - 1);
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
