using OrleansPaas.Apps;
using OrleansPaas.Nodes;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>App instances' containers on this node's engine: start, find, stop, park and resume them.</summary>
public interface IInstanceContainers
{
    Task<InstanceInfo> StartAsync(ContainerSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// This node's app instances (running or exited), found by the <c>paas.node</c> label — several
    /// nodes may share one engine — optionally of one app only.
    /// </summary>
    Task<IReadOnlyList<NodeInstance>> ListNodeInstancesAsync(AppName? app, CancellationToken cancellationToken);

    Task StopAndRemoveAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Stops a container and keeps it, with its file system, for <see cref="ResumeAsync"/> (a sleeping app's instances).</summary>
    Task StopKeepingAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>As <see cref="StopKeepingAsync(string, CancellationToken)"/>, killing it after <paramref name="grace"/> instead of the deploy's stop timeout (a node fencing itself has a deadline).</summary>
    Task StopKeepingAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken) => StopKeepingAsync(containerId, cancellationToken);

    /// <summary>
    /// Starts a stopped container again and reads where it answers now (its bridge address may have
    /// changed); null when the engine no longer has it or cannot start it (its port was taken meanwhile).
    /// </summary>
    Task<InstanceInfo?> ResumeAsync(InstanceInfo parked, CancellationToken cancellationToken);

    /// <summary>The engine's memory and CPUs, for placement and the node's report.</summary>
    Task<(long MemoryBytes, int Cpus)> GetCapacityAsync(CancellationToken cancellationToken);
}
