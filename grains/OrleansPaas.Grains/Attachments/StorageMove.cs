using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Attachments;

/// <summary>
/// <c>storage:move APP VOLUME NODE</c>: an app's storage lives on one node, and this is how it changes
/// node. The image is made sure of on the new node first (nothing has stopped yet if that fails), then
/// the app stops (nothing writes while the files travel), the volume is copied through the nodes'
/// internal listeners, and the app starts on the new node. If the copy or that start fails, the app
/// starts again where it was, with its files as they were: the old copy is never touched. Runs inside
/// one command of the app's grain (<see cref="IDeployHost"/>), which owns the state it changes.
/// </summary>
public sealed class StorageMove(IDeployHost app, AppDeployment deployment, IGrainFactory grains, ClusterNodes nodes, PaasOptions settings, ILogger logger)
{
    /// <summary>How often the mover looks at the copy and at what still uses the volume.</summary>
    private static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(1);

    /// <summary>How often a long copy or wait says how far it got.</summary>
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);

    // A node's list of what uses a volume is one engine call: a node that does not give it in this time fails the move (safely).
    private static readonly TimeSpan UsersTimeout = TimeSpan.FromSeconds(30);

    // The volume being copied and where to; in memory only: a move does not outlive its activation.
    private (string Volume, string Target)? _moving;

    private AppState State => app.State;
    private AppName Name => app.Name;

    /// <summary>The lines <paramref name="command"/> reports as it goes, then its answer, as the caller's stream of steps.</summary>
    public static async IAsyncEnumerable<StorageMoveStep> StreamAsync(Func<Action<string>, Task<AppCommandResult>> command)
    {
        var lines = Channel.CreateUnbounded<string>();
        var result = RunAsync(command, lines.Writer);
        await foreach (var line in lines.Reader.ReadAllAsync())
        {
            yield return new StorageMoveStep(line);
        }

        yield return new StorageMoveStep(null, await result);
    }

    private static async Task<AppCommandResult> RunAsync(Func<Action<string>, Task<AppCommandResult>> command, ChannelWriter<string> lines)
    {
        try
        {
            return await command(line => lines.TryWrite(line));
        }
        finally
        {
            lines.TryComplete();
        }
    }

    /// <summary>Why the move cannot be made at all (nothing is touched then); null when it can.</summary>
    public AppCommandResult? Refusal(string volume, string node)
    {
        var mounts = (State.Attachments ?? ContainerAttachments.None).Mounts;
        if (mounts.FirstOrDefault(m => m.Name == volume) is not { } mount)
        {
            return AppCommandResult.Invalid("storage", $"app '{Name}' has no volume '{volume}'; storage:list {Name} shows its storage");
        }

        if (mount.HostDirectory)
        {
            return AppCommandResult.Invalid("storage",
                $"{mount.Source} is a directory of node {State.StorageNode ?? "(not yet placed)"}, not a volume the platform can copy; copy its files yourself, then storage:unmount and storage:mount it anew");
        }

        if (mounts.Count > 1)
        {
            var others = mounts.Where(m => m != mount).Select(m => m.HostDirectory ? m.Source : $"volume '{m.Name}'");
            return AppCommandResult.Invalid("storage",
                $"app '{Name}' also mounts {string.Join(", ", others)}, and all of an app's storage lives on one node; storage:move moves an app whose storage is one volume (storage:unmount the others first)");
        }

        var live = nodes.Live();
        if (!live.Contains(node, StringComparer.Ordinal))
        {
            return AppCommandResult.Invalid("node", $"'{node}' is not a live node of the cluster (live: {string.Join(", ", live)})");
        }

        return State.StorageNode is { } source && source != node && !live.Contains(source, StringComparer.Ordinal)
            ? AppCommandResult.Conflict($"volume '{volume}' lives on node {source}, which is not available; nothing can be copied from it")
            : null;
    }

    /// <summary>The move itself, as one command of the grain, telling <paramref name="progress"/> each step.</summary>
    public async Task<AppCommandResult> MoveAsync(string volume, string target, Action<string> progress)
    {
        // Again inside the command: the app may have changed while this waited for its turn.
        if (Refusal(volume, target) is { } refused)
        {
            return refused;
        }

        if (State.StorageNode == target)
        {
            progress($"Volume '{volume}' of {Name} is on node {target} already");
            return AppCommandResult.Ok(app.Snapshot());
        }

        if (State.StorageNode is not { } source || State.Current is not { } current)
        {
            // Never deployed with it: there are no files yet, and the first deploy places the app on the node named.
            await StoreNodeAsync(target);
            progress($"Nothing to copy yet: {Name} and its volume '{volume}' will live on node {target} from its first deploy on");
            return AppCommandResult.Ok(app.Snapshot());
        }

        var targetNode = grains.Node(target);
        var sourceNode = grains.Node(source);
        progress($"-----> Moving volume '{volume}' of {Name} from node {source} to node {target}");
        _moving = (volume, target);
        try
        {
            // Looked at before anything stops: a one-off run on the volume refuses the move, and nothing changed.
            if (VolumeRuns.Blocking(Name.Value, volume, source, await sourceNode.GetVolumeUsersAsync(Name.Value, volume).WaitAsync(UsersTimeout), OwnProcesses()) is { } inUse)
            {
                return AppCommandResult.Conflict($"storage:move of {Name} refused: {inUse}");
            }

            progress($"       Making sure node {target} has {current.Image}");
            var holders = nodes.Live().Where(n => n != target).OrderBy(n => n == source ? 0 : 1).ToList();
            if (await targetNode.EnsureImageAsync(current.Image, holders) is { } noImage)
            {
                return AppCommandResult.Failed($"storage:move of {Name} stopped before anything changed: node {target} could not get {current.Image}: {noImage}");
            }

            var wasRunning = !State.Stopped;
            progress($"       Stopping {Name}: nothing writes to the volume while it is copied");
            var stopped = app.Running.Instances.Concat(app.Running.Parked).ToList();
            app.Running.Instances = [];
            app.Running.Parked = [];
            try
            {
                await app.PublishRouteAsync();
                await app.NewRollout().RetireAsync(stopped);
                return await CopyAndStartAsync(volume, source, target, current, wasRunning, progress);
            }
            catch (Exception ex)
            {
                // Whatever broke (a node that stopped answering, a grain call's own timeout), the app must not stay stopped.
                progress($"       The move broke off: {ex.GetBaseException().Message}");
                await TryStoreNodeAsync(source);
                // A copy still going is stopped, and removes what it wrote (a target that does not answer is not waited for).
                // No volume is dropped here: one already there before this move (an older copy) is the admin's.
                _ = targetNode.CancelVolumeCopyAsync(Name.Value, volume).ContinueWith(static t => t.Exception, TaskScheduler.Default);
                return await StayAsync(source, wasRunning, progress, $"storage:move of {Name} failed: {ex.GetBaseException().Message}");
            }
        }
        finally
        {
            _moving = null;
        }
    }

    /// <summary>
    /// Why a one-off or cron run may not start now: the app's volume is being copied, and what it wrote
    /// would stay behind on the old node's copy. Null when no move is going.
    /// </summary>
    public string? RunRefusal() => _moving is var (volume, target)
        ? $"storage:move is copying volume '{volume}' of {Name} to node {target}; a run now would write to the copy left behind, so none starts until the move has ended"
        : null;

    /// <summary>With the app stopped: waits for what still writes, copies, and starts the app on <paramref name="target"/> (or back where it was).</summary>
    private async Task<AppCommandResult> CopyAndStartAsync(string volume, string source, string target, ReleaseRecord current, bool wasRunning, Action<string> progress)
    {
        var targetNode = grains.Node(target);
        if (await WaitForWritersAsync(volume, source, progress) is { } stillWriting)
        {
            return await StayAsync(source, wasRunning, progress, $"storage:move of {Name} failed: {stillWriting}");
        }

        progress($"       Copying {StorageMount.VolumeName(Name.Value, volume)} from node {source} to node {target}");
        var copy = await CopyAsync(targetNode, volume, source, current.Image, progress);
        if (copy.Failure is { } failure)
        {
            progress($"       The copy failed: {failure}");
            return await StayAsync(source, wasRunning, progress, $"storage:move of {Name} failed: {failure}");
        }

        progress($"       Copied {copy.Bytes} bytes in {copy.Duration.TotalSeconds:0.0} s");
        // A run that slipped past the refusal (it asked just before the move began) would have written to the
        // copy left behind: looked at once more, the copy counts only if nothing but it used the volume.
        var after = await grains.Node(source).GetVolumeUsersAsync(Name.Value, volume).WaitAsync(UsersTimeout);
        var lateUsers = VolumeRuns.Awaited(after, OwnProcesses());
        var usedDuringCopy = VolumeRuns.Blocking(Name.Value, volume, source, after, OwnProcesses()) ?? (lateUsers.Count > 0
            ? $"volume '{volume}' of {Name} was used on node {source} during the copy by {string.Join(", ", lateUsers.Select(VolumeRuns.Describe))}"
            : null);
        if (usedDuringCopy is not null)
        {
            _ = targetNode.DropVolumeAsync(Name.Value, volume).WaitAsync(settings.Storage.MoveStallTimeout).ContinueWith(static t => t.Exception, TaskScheduler.Default);
            return await StayAsync(source, wasRunning, progress, $"storage:move of {Name} failed: {usedDuringCopy}");
        }

        await StoreNodeAsync(target);
        if (wasRunning)
        {
            progress($"       Starting {Name} on node {target}");
            var started = await deployment.RedeployAsync(current, "start", runReleasePhase: false, keepSameProgram: true);
            if (!started.Succeeded)
            {
                progress($"       It did not start there: {started.Error}");
                await TryStoreNodeAsync(source);
                var stayed = await StayAsync(source, wasRunning, progress, $"storage:move of {Name} failed: {started.Error}");
                // After the app runs again: the node that just failed is not waited for.
                _ = targetNode.DropVolumeAsync(Name.Value, volume).WaitAsync(settings.Storage.MoveStallTimeout)
                    .ContinueWith(static t => t.Exception, TaskScheduler.Default);
                return stayed;
            }
        }

        progress($"=====> Volume '{volume}' of {Name} lives on node {target}; the old copy stays on node {source} "
            + $"(docker volume rm {StorageMount.VolumeName(Name.Value, volume)} there removes it)");
        return AppCommandResult.Ok(app.Snapshot());
    }

    /// <summary>
    /// Waits until nothing but the copy uses the volume: the app's own containers still stopping, and a cron
    /// run already going (no new one starts: <see cref="RunRefusal"/>), up to the cron runs' own limit.
    /// Why not, when something else started on it meanwhile or a run outlasts that limit; null when clear.
    /// </summary>
    private async Task<string?> WaitForWritersAsync(string volume, string source, Action<string> progress)
    {
        var sourceNode = grains.Node(source);
        var deadline = DateTimeOffset.UtcNow + settings.Cron.Timeout + TimeSpan.FromMinutes(1);
        var said = DateTimeOffset.MinValue;
        while (true)
        {
            var users = await sourceNode.GetVolumeUsersAsync(Name.Value, volume).WaitAsync(UsersTimeout);
            if (VolumeRuns.Blocking(Name.Value, volume, source, users, OwnProcesses()) is { } inUse)
            {
                return inUse;
            }

            var awaited = VolumeRuns.Awaited(users, OwnProcesses());
            if (awaited.Count == 0)
            {
                return null;
            }

            var now = DateTimeOffset.UtcNow;
            if (now >= deadline)
            {
                return $"volume '{volume}' of {Name} is still in use on node {source} by {string.Join(", ", awaited.Select(VolumeRuns.Describe))}";
            }

            if (now - said >= ReportEvery)
            {
                said = now;
                progress($"       Waiting for {string.Join(", ", awaited.Select(VolumeRuns.Describe))} to end: it uses the volume");
            }

            await Task.Delay(LookEvery);
        }
    }

    /// <summary>
    /// The copy, followed by looks at the target node until it ends: no grain call lasts as long as a large
    /// copy, and it is judged by its bytes still growing (<see cref="CopyWatch"/>), never by its total time.
    /// </summary>
    private async Task<VolumeCopyResult> CopyAsync(INodeGrain targetNode, string volume, string source, string image, Action<string> progress)
    {
        var stallAfter = settings.Storage.MoveStallTimeout;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var watch = new CopyWatch(stallAfter, ReportEvery, DateTimeOffset.UtcNow);
        await targetNode.StartVolumeCopyAsync(Name.Value, volume, image, source);
        while (true)
        {
            await Task.Delay(LookEvery);
            VolumeCopyProgress? seen;
            try
            {
                seen = await targetNode.GetVolumeCopyAsync(Name.Value, volume).WaitAsync(stallAfter);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A node that does not answer is no progress; the watch decides when that is too long.
                seen = null;
            }

            if (seen?.Result is { } ended)
            {
                return ended with { Duration = clock.Elapsed };
            }

            switch (watch.Observe(seen?.Bytes, DateTimeOffset.UtcNow))
            {
                case CopyVerdict.Report:
                    progress($"       Copied {watch.Bytes / 1048576.0:0.0} MiB so far ({clock.Elapsed.TotalSeconds:0} s)");
                    break;
                case CopyVerdict.Stalled:
                    progress($"       No bytes arrived for {stallAfter.TotalSeconds:0} s: giving the copy up");
                    LogCopyGivenUp(Name.Value, volume, target: targetNode.GetPrimaryKeyString(), watch.Bytes);
                    // Its end removes what it wrote; a node whose engine does not answer is not waited for.
                    _ = targetNode.CancelVolumeCopyAsync(Name.Value, volume).WaitAsync(stallAfter).ContinueWith(static t => t.Exception, TaskScheduler.Default);
                    return new VolumeCopyResult(
                        $"the copy made no progress for {stallAfter.TotalSeconds:0} s (Paas:Storage:MoveStallTimeout) after {watch.Bytes} bytes", watch.Bytes, clock.Elapsed);
            }
        }
    }

    /// <summary>The app's own processes (web, worker…): containers of these on the volume are the app's instances, which the move stops itself.</summary>
    private HashSet<string> OwnProcesses() =>
        new(State.Formation.Keys.Concat(app.Running.Instances.Select(i => i.Process)).Concat(app.Running.Parked.Select(i => i.Process)), StringComparer.Ordinal);

    /// <summary>On a failure path: a storage write that fails too is logged, so that starting the app again still happens.</summary>
    private async Task TryStoreNodeAsync(string node)
    {
        try
        {
            await StoreNodeAsync(node);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "storage:move of {App}: could not record node {Node} as its storage node again", Name.Value, node);
        }
    }

    private Task StoreNodeAsync(string node)
    {
        State.StorageNode = node;
        return app.SaveAsync();
    }

    /// <summary>After a failed move: the app runs again where it was, on its files as they were.</summary>
    private async Task<AppCommandResult> StayAsync(string source, bool wasRunning, Action<string> progress, string problem)
    {
        if (!wasRunning)
        {
            return AppCommandResult.Failed($"{problem}; its volume stays on node {source}");
        }

        progress($"       Starting {Name} again on node {source}");
        var again = await deployment.RedeployAsync(State.Current!, "start", runReleasePhase: false, keepSameProgram: true);
        return AppCommandResult.Failed(again.Succeeded
            ? $"{problem}; it runs on node {source} as before"
            : $"{problem}; starting it again on node {source} failed too: {again.Error}");
    }

    private void LogCopyGivenUp(string app, string volume, string target, long bytes) =>
        logger.LogWarning("storage:move of {App}: the copy of volume {Volume} to node {Target} made no progress after {Bytes} bytes and was given up", app, volume, target, bytes);
}
