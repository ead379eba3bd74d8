using OrleansPaas.Apps;

namespace OrleansPaas.NodeServices.Runtime.Images;

/// <summary>The apps' images on this node's engine: release tags, what they expose, and clearing old ones.</summary>
public interface IAppImages
{
    Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken);

    /// <summary>The first TCP port the image's <c>EXPOSE</c> declares, if any.</summary>
    Task<int?> GetExposedPortAsync(string image, CancellationToken cancellationToken);

    Task TagAsync(string image, string newReference, CancellationToken cancellationToken);

    Task RemoveImageAsync(string reference, CancellationToken cancellationToken);

    /// <summary>The platform's release images on this engine (<c>paas/app:vN</c>).</summary>
    Task<IReadOnlyList<string>> ListReleaseImagesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Removes the app's images that are not in <paramref name="keepImages"/> (older release tags,
    /// dangling build images) and its exited build and one-off containers.
    /// </summary>
    Task PruneAsync(AppName app, IReadOnlySet<string> keepImages, CancellationToken cancellationToken);

    /// <summary>Disk used by the app's images on this node.</summary>
    Task<long> ImageBytesAsync(AppName app, CancellationToken cancellationToken);

    /// <summary>Removes every image of the app (all releases and builds).</summary>
    Task RemoveAppImagesAsync(AppName app, CancellationToken cancellationToken);
}
