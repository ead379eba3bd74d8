using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// An image the app needs that no live node holds: <see cref="ImageKeeper"/> finds it on a pass,
/// and a rebuild of the release's commit is queued (<see cref="BuildAndDeploy"/> carries it out).
/// </summary>
public sealed partial class AppGrain : IBuildAndDeployHost
{
    private readonly ImageKeeper _images = new(logger);

    /// <summary>Part of a pass (inside a command): copies kept, and a rebuild queued when the current image is lost.</summary>
    private async Task KeepImagesAsync()
    {
        if (await _images.KeepAsync(State.Current, State.Releases, nodes.Live(), () => NewRollout(BuildLog.InMemory())) && State.Current is { } current)
        {
            await _builds.QueueRebuildAsync(current, nodes.Live());
        }
    }

    async Task IBuildAndDeployHost.ReconcileNowAsync() => await ReconcileOnceAsync(await _supervision.ObserveAsync(nodes.Live(), NodeListTimeout));
}
