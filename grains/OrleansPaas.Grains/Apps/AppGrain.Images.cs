using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Releases;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// An image the app needs that no live node holds: <see cref="ImageKeeper"/> finds it on a pass,
/// and the grain rebuilds the release's commit from the stored repository, as a build record of its
/// own ("rebuild of vN") under the same image tag, after which the instances start.
/// </summary>
public sealed partial class AppGrain
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

    /// <summary>
    /// A rebuild job: builds the commit, tags the result as the release's own image, and (as one
    /// command) starts what is missing if the release is still current. Start failures of the slots
    /// were the missing image, not the app: their back-off is forgotten so they start at once.
    /// </summary>
    private async Task<bool> RebuildAsync(BuildLog log, ReleaseRecord release, BuildSource source, CancellationToken abandoned)
    {
        log.Step($"Rebuilding {_name} v{release.Version}: its image {release.Image} is on no live node");
        log.Detail($"Building commit {source.ShortCommit} again on {source.Node}");
        var built = await new BuildPipeline(_name, GrainFactory, nodes, Records).BuildAsync(log, source, release.Config, abandoned);
        if (built is null)
        {
            log.Error($"v{release.Version} stays down until a node holding {release.Image} returns or the app is pushed again");
            return false;
        }

        return await RunCommandAsync(async () =>
        {
            if (!State.Exists || !Builds.TryBeginDeploy(log.BuildId))
            {
                log.Error("nothing was started");
                return false;
            }

            await GrainFactory.GetGrain<INodeGrain>(built.Node).TagReleaseAsync(built.Image, release.Image, built.RemoveSource);
            log.Step($"Tagged {release.Image} on {built.Node}");
            if (State.Current?.Version != release.Version || State.Stopped)
            {
                log.Detail($"v{release.Version} is no longer what runs: nothing to start");
                return true;
            }

            foreach (var slot in Rollout.Slots(release, State.Formation).Select(s => s.ToString()))
            {
                if (_running.Instances.All(i => i.Name != slot))
                {
                    _running.Crashes.Remove(slot);
                }
            }

            await ReconcileOnceAsync(await _supervision.ObserveAsync(nodes.Live(), NodeListTimeout));
            var serving = _running.Instances.Count(i => i.ReleaseVersion == release.Version);
            log.Write($"=====> v{release.Version} runs again from the rebuilt image ({serving} instance(s)): http://{VirtualHost}");
            return true;
        });
    }
}
