using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Releases;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The current and the previous release's images stay on two live nodes as nodes come and go: each
/// reconciliation pass checks them against <see cref="ImageCopies"/> (no engine call when nothing
/// changed), copies one held by a single live node to a second, and when no live node holds the
/// current release's image, queues a rebuild of its commit from the stored repository: a build
/// record of its own ("rebuild of vN"), under the same image tag, after which the instances start.
/// </summary>
public sealed partial class AppGrain
{
    private const string RebuildRef = "refs/heads/main";

    private readonly ImageCopies _copies = new();

    /// <summary>The current release's image, then the one a rollback would go back to, if another.</summary>
    private IReadOnlyList<string> NeededImages() => State.Current is not { } current
        ? []
        : new[] { current.Image, RollbackTarget.Choose(State.Releases, current, null)?.Image }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Part of a pass (inside a command): copies or rebuilds what <see cref="ImageCopies"/> cannot vouch for.</summary>
    private async Task KeepImagesAsync()
    {
        var needed = NeededImages();
        _copies.KeepOnly(needed);
        var live = nodes.Live();
        foreach (var image in needed.Where(i => _copies.NeedsLook(i, live)))
        {
            var rollout = NewRollout(BuildLog.InMemory());
            var look = await rollout.LookAsync(image, live);
            var decision = ImageCopies.Decide(look.Holders, live);
            if (look.AllAnswered)
            {
                _copies.Saw(image, look.Holders, live);
            }

            if (decision == ImageCopyDecision.Copy)
            {
                if (await rollout.CopyToAnotherAsync(image, look.Holders, live) is { } node)
                {
                    _copies.Copied(image, node);
                    LogImageCopied(logger, image, node);
                }
            }
            else if (decision == ImageCopyDecision.Rebuild && look.AllAnswered && image == State.Current?.Image)
            {
                await QueueRebuildAsync(State.Current);
            }
        }
    }

    /// <summary>
    /// Queues a build of <paramref name="release"/>'s commit (inside a command), unless it cannot or
    /// need not run: the app is stopped, the release came from an image (no commit to build), or a
    /// build is already queued (a push deploys anew; a rebuild already queued is enough).
    /// </summary>
    private async Task QueueRebuildAsync(ReleaseRecord release)
    {
        if (State.Stopped || BuildsInFlight > 0)
        {
            return;
        }

        if (release.Commit.Length == 0)
        {
            LogImageLostForGood(logger, _name.Value, release.Version, release.Image);
            return;
        }

        var source = new BuildSource(release.Commit, null, RebuildRef, RebuildNode(release));
        var id = State.NextBuildId++;
        State.Builds.Add(BuildRecords.Queued(id, source, null, nodes.Local, DateTimeOffset.UtcNow) with { RebuildOf = release.Version });
        await state.WriteStateAsync();
        LogRebuildQueued(logger, _name.Value, release.Version, release.Image, id, source.Node);
        Builds.Enqueue(id, source, null, default, release);
    }

    /// <summary>The live node that built the release (its repository has the commit), else this one.</summary>
    private string RebuildNode(ReleaseRecord release)
    {
        var live = nodes.Live();
        var builtOn = State.Builds.LastOrDefault(b => b.Release == release.Version && b.Image is null)?.Node;
        return builtOn is not null && live.Contains(builtOn) ? builtOn : nodes.Local;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied image {Image} to node {Node}: it was on only one live node")]
    private static partial void LogImageCopied(ILogger logger, string image, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{App} v{Version}: image {Image} is on no live node; rebuilding it (build {BuildId} on node {Node})")]
    private static partial void LogRebuildQueued(ILogger logger, string app, int version, string image, int buildId, string node);

    [LoggerMessage(Level = LogLevel.Error, Message = "{App} v{Version}: image {Image} is on no live node and was deployed as an image, so it cannot be rebuilt; load it again and deploy it")]
    private static partial void LogImageLostForGood(ILogger logger, string app, int version, string image);
}
