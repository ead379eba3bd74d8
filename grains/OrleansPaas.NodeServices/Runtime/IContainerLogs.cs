namespace OrleansPaas.NodeServices.Runtime;

/// <summary>What a container wrote, as the engine still holds it.</summary>
public interface IContainerLogs
{
    /// <summary>The last lines a container wrote (for crash reports); none when the engine has no such container.</summary>
    Task<IReadOnlyList<string>> TailAsync(string containerId, int lines, CancellationToken cancellationToken);
}
