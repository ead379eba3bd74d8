using System.Threading.Channels;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;
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
public sealed class StorageMove(IDeployHost app, AppDeployment deployment, IGrainFactory grains, ClusterNodes nodes)
{
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
        progress($"-----> Moving volume '{volume}' of {Name} from node {source} to node {target}");
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
        await app.PublishRouteAsync();
        await app.NewRollout().RetireAsync(stopped);

        progress($"       Copying {StorageMount.VolumeName(Name.Value, volume)} from node {source} to node {target}");
        var copy = await targetNode.ReceiveVolumeAsync(Name.Value, volume, current.Image, source);
        if (copy.Failure is { } failure)
        {
            progress($"       The copy failed: {failure}");
            return await StayAsync(source, wasRunning, progress, $"storage:move of {Name} failed: {failure}");
        }

        progress($"       Copied {copy.Bytes} bytes in {copy.Duration.TotalSeconds:0.0} s");
        await StoreNodeAsync(target);
        if (wasRunning)
        {
            progress($"       Starting {Name} on node {target}");
            var started = await deployment.RedeployAsync(current, "start", runReleasePhase: false, keepSameProgram: true);
            if (!started.Succeeded)
            {
                progress($"       It did not start there: {started.Error}");
                await StoreNodeAsync(source);
                await targetNode.DropVolumeAsync(Name.Value, volume);
                return await StayAsync(source, wasRunning, progress, $"storage:move of {Name} failed: {started.Error}");
            }
        }

        progress($"=====> Volume '{volume}' of {Name} lives on node {target}; the old copy stays on node {source} "
            + $"(docker volume rm {StorageMount.VolumeName(Name.Value, volume)} there removes it)");
        return AppCommandResult.Ok(app.Snapshot());
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
}
