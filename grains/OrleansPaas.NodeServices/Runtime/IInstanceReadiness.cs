using OrleansPaas.Apps;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Whether a started instance came up. Expected failures are values that say why.</summary>
public interface IInstanceReadiness
{
    /// <summary>
    /// Waits until the instance answers HTTP on its port (any status), then runs the app.json
    /// checks in order; says why when it did not pass.
    /// </summary>
    Task<ReadinessResult> WaitReadyAsync(InstanceInfo instance, string hostHeader, TimeSpan timeout, IReadOnlyList<HealthCheck> checks, CancellationToken cancellationToken);

    /// <summary>For instances without a port (workers): still running right after start, or why not.</summary>
    Task<ReadinessResult> CheckRunningAsync(InstanceInfo instance, CancellationToken cancellationToken);

    /// <summary>
    /// For a ported instance without HTTP (<c>vpn:</c>): accepts TCP connections on each of
    /// <paramref name="tcpPorts"/> (container ports), or why not; without tcp ports, still running.
    /// </summary>
    Task<ReadinessResult> WaitListeningAsync(InstanceInfo instance, IReadOnlyList<int> tcpPorts, TimeSpan timeout, CancellationToken cancellationToken) =>
        CheckRunningAsync(instance, cancellationToken);
}
