using System.Collections.Concurrent;
using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Runtime.Images;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// The fake engine's images: every image is there unless a test lost it (until a tag makes it
/// again), none exposes a port; prunes and removals are recorded.
/// </summary>
public sealed class FakeAppImages : IAppImages
{
    private readonly ConcurrentDictionary<string, bool> _lost = new(StringComparer.Ordinal);

    public ConcurrentBag<string> RemovedImagesOf { get; } = [];

    /// <summary>Tags made, as (image, new reference).</summary>
    public ConcurrentQueue<(string Image, string Reference)> Tags { get; } = new();

    /// <summary>The image is removed behind the platform's back (docker rmi -f).</summary>
    public void Lose(string image) => _lost[image] = true;

    public ConcurrentBag<IReadOnlySet<string>> Prunes { get; } = [];

    public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) => Task.FromResult(!_lost.ContainsKey(image));

    public Task<int?> GetExposedPortAsync(string image, CancellationToken cancellationToken) => Task.FromResult<int?>(null);

    public Task TagAsync(string image, string newReference, CancellationToken cancellationToken)
    {
        Tags.Enqueue((image, newReference));
        _lost.TryRemove(newReference, out _);
        return Task.CompletedTask;
    }

    public Task RemoveImageAsync(string reference, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<string>> ListReleaseImagesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task PruneAsync(AppName app, IReadOnlySet<string> keepImages, CancellationToken cancellationToken)
    {
        Prunes.Add(keepImages);
        return Task.CompletedTask;
    }

    public Task<long> ImageBytesAsync(AppName app, CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task RemoveAppImagesAsync(AppName app, CancellationToken cancellationToken)
    {
        RemovedImagesOf.Add(app.Value);
        return Task.CompletedTask;
    }
}
