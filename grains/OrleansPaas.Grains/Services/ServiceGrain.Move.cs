using System.Diagnostics;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.NodeServices.Services;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.NodeServices.Services.Transfers;
using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>
/// <c>services:move</c> and <c>services:restore --node</c>: a service changes node. Both start a container of the
/// same name, image and password on the new node first, fill it (move: a dump taken with the linked apps cut off
/// from the old one, carried in the export/import chunks between the nodes' transfer grains; restore: a backup the
/// new node reaches), check it serves, and only then record the new node and re-join the linked apps' containers
/// there. Anything failing before that removes what was made on the new node, and the service serves where it was.
/// The URL (<c>paas-service-NAME</c>, the password) does not change, so linked apps keep their config.
/// </summary>
public sealed partial class ServiceGrain
{
    /// <summary>How long a linked app's re-placement may hold a move: a deploy's start, health checks and drain, with room.</summary>
    private static readonly TimeSpan FollowTimeout = TimeSpan.FromMinutes(3);

    private IServiceNodeGrain ServiceNode(string node) => GrainFactory.GetGrain<IServiceNodeGrain>(node);

    /// <summary>The steps of the last moves and restores, read while they run (the API streams them).</summary>
    private readonly JobLogs _moveLogs = new(keep: 3);

    public Task<BuildLogChunk> ReadMoveLogAsync(int job, int fromLine, TimeSpan wait) => _moveLogs.ReadAsync(job, fromLine, wait, CancellationToken.None);

    /// <summary>What an admin runs on a node to remove what a move or restore left there.</summary>
    private string RemoveByHand => $"docker rm -f {ServiceResources.Container(Name)}; docker volume rm {ServiceResources.Volume(Name)}";

    public async Task<ServiceMoveOutcome> MoveAsync(string node, int job)
    {
        if (await RelocationRefusalAsync(node, () => ServiceRelocation.MoveRefusal(Name, State.Node, node, nodes.Live())) is { } refused)
        {
            return new ServiceMoveOutcome([], refused);
        }

        // No backup, restore, export or import of it runs meanwhile: each would read or write the copy left behind.
        await _backupGate.WaitAsync();
        try
        {
            return await Logged(_moveLogs.Open(job), log => MoveToAsync(State.Node, node, log.Write));
        }
        finally
        {
            _backupGate.Release();
        }
    }

    public async Task<ServiceMoveOutcome> RestoreOnNodeAsync(string id, string node, int job)
    {
        var live = nodes.Live();
        var reachable = State.Exists && live.Contains(node, StringComparer.Ordinal) && !live.Contains(State.Node, StringComparer.Ordinal)
            ? await GrainFactory.GetGrain<IServiceBackupNodeGrain>(node).ListAsync(Name)
            : null;
        if (await RelocationRefusalAsync(node, () => ServiceRelocation.RestoreElsewhereRefusal(Name, State.Kind.Name(), State.Node, node, id, live, reachable)) is { } refused)
        {
            return new ServiceMoveOutcome([], refused);
        }

        await _backupGate.WaitAsync();
        try
        {
            var backup = reachable!.First(b => b.Manifest.Id == id).Manifest;
            return await Logged(_moveLogs.Open(job), log => RestoreOnAsync(State.Node, node, backup, log.Write));
        }
        finally
        {
            _backupGate.Release();
        }
    }

    /// <summary>Runs a move or restore writing its steps to <paramref name="log"/>, which ends with its outcome (so a reader stops).</summary>
    private static async Task<ServiceMoveOutcome> Logged(BuildLog log, Func<BuildLog, Task<ServiceCommandResult>> work)
    {
        ServiceCommandResult result;
        try
        {
            result = await work(log);
        }
        catch (Exception)
        {
            log.SetOutcome(BuildOutcome.Failed);
            throw;
        }

        log.SetOutcome(result.Succeeded ? BuildOutcome.Succeeded : BuildOutcome.Failed);
        return new ServiceMoveOutcome(log.Lines(), result);
    }

    public Task<bool> IsPlacedElsewhereAsync(string node) => Task.FromResult(State.Exists && State.Node != node);

    /// <summary>The refusals both commands share (no such service, an unknown node, a container of the name already there), then <paramref name="own"/>.</summary>
    private async Task<ServiceCommandResult?> RelocationRefusalAsync(string node, Func<string?> own)
    {
        if (Missing is { } missing)
        {
            return missing;
        }

        if (ServiceRelocation.NodeRefusal(node, nodes.Live()) is { } unknown)
        {
            return ServiceCommandResult.Invalid("node", unknown);
        }

        if (own() is { } refused)
        {
            return ServiceCommandResult.Conflict(refused);
        }

        // Left there by an earlier move or restore that could not clean up: never taken over, nor removed, here.
        var there = await ServiceNode(node).StatusAsync(Name).WaitAsync(StatusTimeout);
        return there == "missing" ? null
            : ServiceCommandResult.Conflict($"node {node} has a container {ServiceResources.Container(Name)} already ({there}); remove it there first "
                                            + $"({RemoveByHand})");
    }

    private async Task<ServiceCommandResult> MoveToAsync(string source, string target, Action<string> say)
    {
        var clock = Stopwatch.StartNew();
        say($"-----> Moving service {Name} from node {source} to node {target}");
        say($"       Starting {Name} on node {target} (same image and password) to receive the data");
        if (await StartOnAsync(target) is { } notStarted)
        {
            return await StayAsync(source, target, say, notStarted, appsCutOff: false);
        }

        say($"       Cutting {Name} off from its apps on node {source}: nothing writes while it is copied");
        try
        {
            foreach (var link in State.Links)
            {
                await ServiceNode(source).DisconnectAppAsync(Name, link.App);
            }

            if (await CopyDataAsync(source, target, say) is { } notCopied)
            {
                return await StayAsync(source, target, say, notCopied, appsCutOff: true);
            }
        }
        catch (Exception ex)
        {
            // A node that stopped answering, a grain call's own timeout: the service must not stay cut off.
            return await StayAsync(source, target, say, ex.GetBaseException().Message, appsCutOff: true);
        }

        await SwitchToAsync(target, say);
        say($"       Removing the old container, network and volume from node {source}");
        try
        {
            await ServiceNode(source).RemoveAsync(Name);
        }
        catch (Exception ex)
        {
            say($"       Could not remove them from node {source} ({ex.GetBaseException().Message}): remove them there with "
                + RemoveByHand);
        }

        say($"=====> {Name} serves on node {target} (moved in {clock.Elapsed.TotalSeconds:0.0} s)");
        return ServiceCommandResult.Ok(await InfoAsync());
    }

    /// <summary>Dump on <paramref name="source"/>, carried chunk by chunk to <paramref name="target"/>, restored there; null when it serves there, else why not.</summary>
    private async Task<string?> CopyDataAsync(string source, string target, Action<string> say)
    {
        var service = BackupSource();
        var (from, to) = (TransferNode(source), TransferNode(target));
        var clock = Stopwatch.StartNew();
        var dump = ServiceTransfers.NewId();
        if (await from.ExportAsync(service, dump) is { } notDumped)
        {
            return notDumped;
        }

        var spool = await to.CreateImportAsync();
        long bytes = 0;
        try
        {
            while (await from.ReadAsync(dump, bytes) is { Length: > 0 } chunk)
            {
                await to.AppendAsync(spool, chunk);
                bytes += chunk.Length;
            }
        }
        catch
        {
            await to.DiscardAsync(spool);
            throw;
        }
        finally
        {
            await from.DiscardAsync(dump);
        }

        say($"       Dumped and copied {bytes} bytes in {clock.Elapsed.TotalSeconds:0.0} s; restoring it on node {target}");
        var restored = await to.ImportAsync(service, spool);
        if (!restored.Succeeded)
        {
            return restored.Error;
        }

        say($"       Restored in {restored.Seconds:0.0} s: {restored.Restored?.Describe() ?? "no contents counted"}");
        return await to.WaitReadyAsync(service);
    }

    private async Task<ServiceCommandResult> RestoreOnAsync(string lost, string target, ServiceBackupManifest backup, Action<string> say)
    {
        var clock = Stopwatch.StartNew();
        say($"-----> Bringing {Name} back on node {target} from backup {backup.Id} ({backup.Created:u}); node {lost} is not live, "
            + "and writes made after that backup are lost");
        say($"       Starting {Name} on node {target} (same image and password)");
        if (await StartOnAsync(target) is { } notStarted)
        {
            return await FailOnAsync(target, say, notStarted);
        }

        say($"       Restoring backup {backup.Id} on node {target} and checking it against the backup");
        try
        {
            var restored = await GrainFactory.GetGrain<IServiceBackupNodeGrain>(target).RestoreAsync(BackupSource(), Name, backup.Id);
            if (!restored.Succeeded)
            {
                return await FailOnAsync(target, say, restored.Error!);
            }

            say($"       Restored in {restored.Seconds:0.0} s: {restored.Restored?.Describe() ?? "no contents counted"}");
            if (await TransferNode(target).WaitReadyAsync(BackupSource()) is { } notReady)
            {
                return await FailOnAsync(target, say, notReady);
            }
        }
        catch (Exception ex)
        {
            return await FailOnAsync(target, say, ex.GetBaseException().Message);
        }

        await SwitchToAsync(target, say);
        say($"=====> {Name} serves on node {target} from backup {backup.Id} ({clock.Elapsed.TotalSeconds:0.0} s). If node {lost} comes back, "
            + $"its keeper stops the old container if it runs; it and its volume stay there: remove them there ({RemoveByHand})");
        return ServiceCommandResult.Ok(await InfoAsync());
    }

    /// <summary>A container of the service on <paramref name="node"/>, answering; null, or why not.</summary>
    private async Task<string?> StartOnAsync(string node)
    {
        try
        {
            return await ServiceNode(node).EnsureRunningAsync(RequestFor(State)) ?? await TransferNode(node).WaitReadyAsync(BackupSource());
        }
        catch (Exception ex)
        {
            return ex.GetBaseException().Message;
        }
    }

    /// <summary>The service is recorded on <paramref name="node"/> (its keeper there keeps it), and its linked apps' containers there join its network.</summary>
    private async Task SwitchToAsync(string node, Action<string> say)
    {
        State.Node = node;
        await state.WriteStateAsync();
        await Registry.SetNodeAsync(Name, node);
        foreach (var link in State.Links)
        {
            try
            {
                await ServiceNode(node).ConnectAppAsync(Name, link.App);
            }
            catch (Exception ex)
            {
                say($"       {link.App}'s containers on node {node} could not join its network ({ex.GetBaseException().Message}); ps:restart {link.App} makes them anew");
            }
        }

        foreach (var link in State.Links)
        {
            await FollowAsync(link.App, node, say);
        }
    }

    /// <summary>
    /// A linked app's instances go beside its services (ServicePlacement): those running elsewhere are started anew,
    /// zero-downtime, as they are. Bounded: this grain is held meanwhile, and an apps:destroy of that app waits on it
    /// (to unlink) while holding the app's commands, which the re-placement needs.
    /// </summary>
    private async Task FollowAsync(string app, string node, Action<string> say)
    {
        var grain = GrainFactory.GetGrain<IAppGrain>(app);
        try
        {
            var info = await grain.GetInfoAsync().WaitAsync(StatusTimeout);
            if (info.Stopped || info.Instances.All(i => i.Node == node))
            {
                return;
            }

            say($"       Restarting {app} so that its instances run beside {Name} on node {node}");
            var replaced = await grain.ReplaceInstancesAsync().WaitAsync(FollowTimeout);
            if (!replaced.Succeeded)
            {
                say($"       {app} was not restarted ({replaced.Error}); ps:restart {app} moves its instances");
            }
        }
        catch (Exception ex)
        {
            say($"       {app} was not restarted ({ex.GetBaseException().Message}); ps:restart {app} moves its instances");
        }
    }

    /// <summary>After a failed move: nothing stays on the target, and the apps reach the service on its old node again.</summary>
    private async Task<ServiceCommandResult> StayAsync(string source, string target, Action<string> say, string problem, bool appsCutOff)
    {
        say($"       The move failed: {problem}");
        var also = "";
        if (appsCutOff)
        {
            foreach (var link in State.Links)
            {
                try
                {
                    await ServiceNode(source).ConnectAppAsync(Name, link.App);
                }
                catch (Exception ex)
                {
                    also += $"; {link.App}'s containers could not rejoin its network ({ex.GetBaseException().Message}): ps:restart {link.App}";
                }
            }
        }

        await RemoveQuietlyAsync(target, say);
        return ServiceCommandResult.Failed($"services:move of {Name} failed: {problem}; it serves on node {source} as before{also}");
    }

    private async Task<ServiceCommandResult> FailOnAsync(string target, Action<string> say, string problem)
    {
        say($"       The restore failed: {problem}");
        await RemoveQuietlyAsync(target, say);
        return ServiceCommandResult.Failed($"services:restore of {Name} on node {target} failed: {problem}; nothing was changed (it is still recorded on node {State.Node})");
    }

    private async Task RemoveQuietlyAsync(string node, Action<string> say)
    {
        try
        {
            await ServiceNode(node).RemoveAsync(Name).WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (Exception ex)
        {
            say($"       Could not remove what was made on node {node} ({ex.GetBaseException().Message}): {RemoveByHand} there");
        }
    }
}
