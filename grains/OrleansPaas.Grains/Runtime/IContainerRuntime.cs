using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Runtime;

/// <summary>The node's container engine as the app grain needs it. Expected failures are values.</summary>
public interface IContainerRuntime
{
    /// <summary>The first TCP port the image's <c>EXPOSE</c> declares, if any.</summary>
    Task<int?> GetExposedPortAsync(string image, CancellationToken cancellationToken);

    Task TagAsync(string image, string newReference, CancellationToken cancellationToken);

    Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken);

    Task RemoveImageAsync(string reference, CancellationToken cancellationToken);

    Task<InstanceInfo> StartAsync(ContainerSpec spec, CancellationToken cancellationToken);

    /// <summary>Runs a container to completion (the release phase), relaying its output; returns its exit code.</summary>
    Task<long> RunToCompletionAsync(ContainerSpec spec, Func<bool, string, Task> onOutput, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until the instance answers HTTP on its port (any status), then runs the app.json
    /// checks in order; says why when it did not pass.
    /// </summary>
    Task<ReadinessResult> WaitReadyAsync(InstanceInfo instance, string hostHeader, TimeSpan timeout, IReadOnlyList<HealthCheck> checks, CancellationToken cancellationToken);

    /// <summary>For instances without a port (workers): still running right after start, or why not.</summary>
    Task<ReadinessResult> CheckRunningAsync(InstanceInfo instance, CancellationToken cancellationToken);

    /// <summary>
    /// This node's app instances (running or exited), found by the <c>paas.node</c> label — several
    /// nodes may share one engine — optionally of one app only.
    /// </summary>
    Task<IReadOnlyList<OrleansPaas.Nodes.NodeInstance>> ListNodeInstancesAsync(AppName? app, CancellationToken cancellationToken);

    Task StopAndRemoveAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Stops a container and keeps it, with its file system, for <see cref="ResumeAsync"/> (a sleeping app's instances).</summary>
    Task StopKeepingAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a stopped container again and reads where it answers now (its bridge address may have
    /// changed); null when the engine no longer has it or cannot start it (its port was taken meanwhile).
    /// </summary>
    Task<InstanceInfo?> ResumeAsync(InstanceInfo parked, CancellationToken cancellationToken);

    /// <summary>The engine's memory and CPUs, for placement and the node's report.</summary>
    Task<(long MemoryBytes, int Cpus)> GetCapacityAsync(CancellationToken cancellationToken);

    /// <summary>The platform's release images on this engine (<c>paas/app:vN</c>).</summary>
    Task<IReadOnlyList<string>> ListReleaseImagesAsync(CancellationToken cancellationToken);

    /// <summary>The last lines a container wrote (for crash reports).</summary>
    Task<IReadOnlyList<string>> TailAsync(string containerId, int lines, CancellationToken cancellationToken);

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

public sealed record ReadinessResult(bool Ready, string? Problem)
{
    public static ReadinessResult Answered { get; } = new(true, null);
    public static ReadinessResult Failed(string problem) => new(false, problem);
}
