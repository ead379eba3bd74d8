using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Fencing;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Nodes;

/// <summary>The node grain's instances: start or resume one and wait until it is up, park, stop, list.</summary>
public sealed class NodeInstances(IInstanceContainers containers, IInstanceReadiness readiness, IContainerLogs logs, FenceHold fence)
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>This node's instances, of one app or (null) of all, from the engine.</summary>
    public Task<IReadOnlyList<NodeInstance>> ListAsync(AppName? app) => containers.ListNodeInstancesAsync(app, None);

    public Task<(long MemoryBytes, int Cpus)> GetCapacityAsync() => containers.GetCapacityAsync(None);

    public async Task<InstanceStartResult> StartAsync(InstanceRequest request)
    {
        if (Fenced(request.Process) is { } refused)
        {
            return refused;
        }

        var spec = request.ToSpec();
        var instance = await containers.StartAsync(spec, None);
        // A new container that does not come up leaves nothing behind.
        return await UpOrAsync(instance, request, spec.ReceivesTraffic, () => containers.StopAndRemoveAsync(instance.ContainerId, None));
    }

    public async Task<InstanceStartResult> ResumeAsync(InstanceInfo parked, InstanceRequest request) =>
        Fenced(parked.Process) is { } refused ? refused
        : await containers.ResumeAsync(parked, None) is { } instance
            // A parked container that does not come up stays, stopped: its output is the crash report.
            ? await UpOrAsync(instance, request, parked.Port != 0, () => containers.StopKeepingAsync(instance.ContainerId, None))
            : InstanceStartResult.Gone;

    /// <summary>A refusal while this node holds its workers fenced (cut off from the cluster); null otherwise.</summary>
    private InstanceStartResult? Fenced(string process) =>
        process != Rollout.WebProcess && fence.Reason is { } reason
            ? InstanceStartResult.Failed($"this node is cut off from the cluster and starts no {process} instance ({reason})")
            : null;

    public Task ParkAsync(IReadOnlyList<string> containerIds) =>
        Task.WhenAll(containerIds.Select(id => containers.StopKeepingAsync(id, None)));

    public Task StopAsync(IReadOnlyList<string> containerIds) =>
        Task.WhenAll(containerIds.Select(id => containers.StopAndRemoveAsync(id, None)));

    /// <summary>The last lines a container wrote (for crash reports).</summary>
    public Task<IReadOnlyList<string>> TailAsync(string containerId, int lines) => logs.TailAsync(containerId, lines, None);

    /// <summary>Waits until a started instance is up (web: answers and passes its checks); if it is not, <paramref name="otherwise"/> runs.</summary>
    private async Task<InstanceStartResult> UpOrAsync(InstanceInfo instance, InstanceRequest request, bool receivesTraffic, Func<Task> otherwise)
    {
        var result = receivesTraffic
            ? await readiness.WaitReadyAsync(instance, request.HostHeader, request.ReadinessTimeout, request.Checks, None)
            : request.Attachments is { Ports.Count: > 0 } ported
                // A ported app without HTTP: its tcp ports accept, or (udp only) it stays up.
                ? await readiness.WaitListeningAsync(instance, ported.Ports.Where(p => p.Protocol == OrleansPaas.Attachments.PortMapping.Tcp)
                    .Select(p => p.ContainerPort).Distinct().ToList(), request.ReadinessTimeout, None)
                : await readiness.CheckRunningAsync(instance, None);
        if (result.Ready)
        {
            return InstanceStartResult.Ready(instance);
        }

        await otherwise();
        return InstanceStartResult.Failed(result.Problem!, result.ExitCode);
    }
}
