using System.Collections.Concurrent;
using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Runtime.Images;

namespace OrleansPaas.Tests.Grains;

/// <summary>The fake engine's images: every image is there, none exposes a port; prunes and removals are recorded.</summary>
public sealed class FakeAppImages : IAppImages
{
    public ConcurrentBag<string> RemovedImagesOf { get; } = [];

    public ConcurrentBag<IReadOnlySet<string>> Prunes { get; } = [];

    public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<int?> GetExposedPortAsync(string image, CancellationToken cancellationToken) => Task.FromResult<int?>(null);

    public Task TagAsync(string image, string newReference, CancellationToken cancellationToken) => Task.CompletedTask;

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
