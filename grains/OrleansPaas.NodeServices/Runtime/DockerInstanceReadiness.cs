using OrleansPaas.Apps;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// Whether a started instance came up, from its answers (<see cref="ReadinessProbe"/>) and the
/// engine's view of its process; a failure carries the instance's last output.
/// </summary>
public sealed class DockerInstanceReadiness(DockerClientProvider docker, ReadinessProbe probe, IContainerLogs logs) : IInstanceReadiness
{
    public async Task<ReadinessResult> WaitReadyAsync(InstanceInfo instance, string hostHeader, TimeSpan timeout,
        IReadOnlyList<HealthCheck> checks, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await probe.AnswersAsync(instance.Host, instance.Port, hostHeader, cancellationToken))
        {
            var state = (await docker.Client.Containers.InspectContainerAsync(instance.ContainerId, cancellationToken)).State;
            if (!state.Running || state.Restarting)
            {
                return ReadinessResult.Failed(
                    $"the container exited with code {state.ExitCode} before answering on port {instance.Port}" + await TailTextAsync(instance.ContainerId, cancellationToken),
                    state.ExitCode);
            }

            if (DateTime.UtcNow >= deadline)
            {
                return ReadinessResult.Failed(
                    $"no answer on port {instance.Port} within {timeout.TotalSeconds:0}s; the app must listen on $PORT" + await TailTextAsync(instance.ContainerId, cancellationToken));
            }

            // Short: every interval here is added to a deploy's time to serve.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        foreach (var check in checks)
        {
            var problem = await probe.RunCheckAsync(instance.Host, instance.Port, hostHeader, check, cancellationToken);
            if (problem is not null)
            {
                return ReadinessResult.Failed(problem);
            }
        }

        return ReadinessResult.Answered;
    }

    public async Task<ReadinessResult> CheckRunningAsync(InstanceInfo instance, CancellationToken cancellationToken)
    {
        var state = (await docker.Client.Containers.InspectContainerAsync(instance.ContainerId, cancellationToken)).State;
        return state.Running && !state.Restarting
            ? ReadinessResult.Answered
            : ReadinessResult.Failed($"{instance.Name} exited with code {state.ExitCode} right after starting" + await TailTextAsync(instance.ContainerId, cancellationToken),
                state.ExitCode);
    }

    public async Task<ReadinessResult> WaitListeningAsync(InstanceInfo instance, IReadOnlyList<int> tcpPorts, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (tcpPorts.Count == 0)
        {
            return await CheckRunningAsync(instance, cancellationToken);
        }

        var deadline = DateTime.UtcNow + timeout;
        foreach (var port in tcpPorts)
        {
            // The container's own address, not the published port: the engine's port proxy accepts before the app listens.
            while (true)
            {
                var container = await docker.Client.Containers.InspectContainerAsync(instance.ContainerId, cancellationToken);
                if (!container.State.Running || container.State.Restarting)
                {
                    return ReadinessResult.Failed($"{instance.Name} exited with code {container.State.ExitCode} before accepting TCP on port {port}"
                        + await TailTextAsync(instance.ContainerId, cancellationToken), container.State.ExitCode);
                }

                if (ContainerAddresses.Bridge(container.NetworkSettings?.Networks) is { } address && await probe.ConnectsAsync(address, port, cancellationToken))
                {
                    break;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    return ReadinessResult.Failed($"{instance.Name} did not accept TCP on port {port} within {timeout.TotalSeconds:0}s"
                        + await TailTextAsync(instance.ContainerId, cancellationToken));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }

        return ReadinessResult.Answered;
    }

    private async Task<string> TailTextAsync(string containerId, CancellationToken cancellationToken)
    {
        var lines = await logs.TailAsync(containerId, 20, cancellationToken);
        return lines.Count == 0 ? "" : "; its last output:\n" + string.Join("\n", lines);
    }
}
