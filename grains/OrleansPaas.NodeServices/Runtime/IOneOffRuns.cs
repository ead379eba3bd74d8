namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Containers that run to completion (the release phase), as opposed to instances that serve.</summary>
public interface IOneOffRuns
{
    /// <summary>Runs a container to completion, relaying its output; returns its exit code.</summary>
    Task<long> RunToCompletionAsync(ContainerSpec spec, Func<bool, string, Task> onOutput, CancellationToken cancellationToken);
}
