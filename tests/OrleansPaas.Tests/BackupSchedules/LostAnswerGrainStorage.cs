using System.Collections.Concurrent;
using Orleans.Storage;

namespace OrleansPaas.Tests.BackupSchedules;

/// <summary>
/// The in-memory provider, able to lose the answer to one grain's next write: the write is stored, but
/// the grain is told it failed and keeps its old ETag (as when the database commits and the connection drops).
/// </summary>
public sealed class LostAnswerGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<GrainId, bool> _loseNext = new();

    public void LoseNextAnswer(GrainId grain) => _loseNext[grain] = true;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var before = grainState.ETag;
        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (_loseNext.TryRemove(grainId, out _))
        {
            grainState.ETag = before;
            throw new TimeoutException("injected: the write was stored but its answer was lost");
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
}
