using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// Grain storage in memory (serialized, as a database keeps it) whose writes can be made to fail,
/// as when the database is unreachable.
/// </summary>
public sealed class FlakyGrainStorage(Serializer serializer) : IGrainStorage
{
    private static volatile bool _failWrites;
    private readonly ConcurrentDictionary<(string State, GrainId Grain), (byte[] Data, string ETag)> _stored = new();

    /// <summary>While true, every write throws and stores nothing. Static: TestingHost builds the silo from a type.</summary>
    public static bool FailWrites
    {
        get => _failWrites;
        set => _failWrites = value;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_stored.TryGetValue((stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.Data);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (FailWrites)
        {
            throw new IOException("The test's storage is down.");
        }

        var etag = Guid.NewGuid().ToString("N");
        _stored[(stateName, grainId)] = (serializer.SerializeToArray(grainState.State), etag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _stored.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
