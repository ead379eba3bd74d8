using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// The grain tests' storage: the real in-memory provider, counting writes per grain and able to
/// fail the next write of one grain, so tests can see what a pass writes and what a failed save leaves.
/// </summary>
public sealed class CountingGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<GrainId, int> _writes = new();
    private readonly ConcurrentDictionary<GrainId, bool> _failNext = new();

    /// <summary>Writes of <paramref name="grain"/>'s state so far.</summary>
    public int Writes(GrainId grain) => _writes.GetValueOrDefault(grain);

    /// <summary>Writes of every grain of this type (e.g. "app") so far.</summary>
    public int Writes(string grainType) => _writes.Where(w => w.Key.Type.ToString() == grainType).Sum(w => w.Value);

    /// <summary>The next write of <paramref name="grain"/> fails as a database error would; later ones succeed.</summary>
    public void FailNextWrite(GrainId grain) => _failNext[grain] = true;

    /// <summary>What storage holds for an app grain, read past the grain.</summary>
    public async Task<OrleansPaas.Grains.Apps.AppState> ReadAppStateAsync(GrainId grain)
    {
        var state = new GrainState<OrleansPaas.Grains.Apps.AppState>(new OrleansPaas.Grains.Apps.AppState());
        await inner.ReadStateAsync("app", grain, state);
        return state.State ?? new OrleansPaas.Grains.Apps.AppState();
    }

    /// <summary>Stores <paramref name="app"/> for an app grain that has not activated, as an older version would have stored it.</summary>
    public Task SeedAppStateAsync(GrainId grain, OrleansPaas.Grains.Apps.AppState app) =>
        inner.WriteStateAsync("app", grain, new GrainState<OrleansPaas.Grains.Apps.AppState>(app));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_failNext.TryRemove(grainId, out _))
        {
            throw new InvalidOperationException("injected storage failure");
        }

        _writes.AddOrUpdate(grainId, 1, (_, count) => count + 1);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
}
