using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// What a build job does once <see cref="BuildQueue"/> runs it: a push or an image is built (or
/// found) by <see cref="BuildPipeline"/> and released and deployed as one command of the app's grain
/// (<see cref="AppDeployment.ReleaseBuiltAsync"/>). A rebuild job (an image the app needs that no live
/// node holds, queued by <see cref="RebuildPolicy"/>'s rules) builds the release's commit again from
/// the stored repository under the same image tag, after which the missing instances start.
/// </summary>
public sealed class BuildAndDeploy(IBuildAndDeployHost app, AppBuilds builds, AppDeployment deployment, IGrainFactory grains, ClusterNodes nodes)
{
    private AppState State => app.State;

    /// <summary>Builds the job's source (or finds its image) and releases and deploys the result: true when it deployed.</summary>
    public async Task<bool> RunAsync(BuildJob job, CancellationToken abandoned)
    {
        if (job.Rebuild is { } release)
        {
            return await RebuildAsync(job.Log, release, job.Source!, abandoned);
        }

        var pipeline = new BuildPipeline(app.Name, grains, nodes, builds.Records);
        var built = job.Source is { } source
            ? await pipeline.BuildAsync(job.Log, source, State.Config, abandoned)
            : await pipeline.FindImageAsync(job.Log, job.Image!);
        if (built is null)
        {
            job.Log.Error(app.PreviousReleaseNote());
            return false;
        }

        return await ReleaseAndDeployAsync(job.Log, built);
    }

    /// <summary>What a build made, released and deployed as one command (<see cref="AppDeployment.ReleaseBuiltAsync"/>).</summary>
    private Task<bool> ReleaseAndDeployAsync(BuildLog log, BuiltImage built) => app.RunCommandAsync(async () =>
    {
        if (!State.Exists)
        {
            // Destroyed while this build ran: nothing to release into.
            log.Error($"app '{app.Name}' was destroyed while it was building; nothing was deployed");
            return false;
        }

        if (!builds.Queue.TryBeginDeploy(log.BuildId))
        {
            log.Error(app.PreviousReleaseNote());
            return false;
        }

        return await deployment.ReleaseBuiltAsync(log, built);
    });

    /// <summary>
    /// A rebuild job: builds the commit, tags the result as the release's own image, and (as one
    /// command) starts what is missing if the release is still current. Start failures of the slots
    /// were the missing image, not the app: their back-off is forgotten so they start at once.
    /// </summary>
    private async Task<bool> RebuildAsync(BuildLog log, ReleaseRecord release, BuildSource source, CancellationToken abandoned)
    {
        log.Step($"Rebuilding {app.Name} v{release.Version}: its image {release.Image} is on no live node");
        log.Detail($"Building commit {source.ShortCommit} again on {source.Node}");
        var built = await new BuildPipeline(app.Name, grains, nodes, builds.Records).BuildAsync(log, source, release.Config, abandoned);
        if (built is null)
        {
            log.Error($"v{release.Version} stays down until a node holding {release.Image} returns or the app is pushed again");
            return false;
        }

        return await app.RunCommandAsync(async () =>
        {
            if (!State.Exists || !builds.Queue.TryBeginDeploy(log.BuildId))
            {
                log.Error("nothing was started");
                return false;
            }

            await grains.Node(built.Node).TagReleaseAsync(built.Image, release.Image, built.RemoveSource);
            log.Step($"Tagged {release.Image} on {built.Node}");
            if (State.Current?.Version != release.Version || State.Stopped)
            {
                log.Detail($"v{release.Version} is no longer what runs: nothing to start");
                return true;
            }

            foreach (var slot in Rollout.Slots(release, State.Formation).Select(s => s.ToString()))
            {
                if (app.Running.Instances.All(i => i.Name != slot))
                {
                    app.Running.Crashes.Remove(slot);
                }
            }

            await app.ReconcileNowAsync();
            var serving = app.Running.Instances.Count(i => i.ReleaseVersion == release.Version);
            log.Write($"=====> v{release.Version} runs again from the rebuilt image ({serving} instance(s)): http://{app.VirtualHost}");
            return true;
        });
    }
}
