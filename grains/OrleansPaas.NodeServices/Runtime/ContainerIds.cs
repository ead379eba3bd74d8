namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Container ids as people see them.</summary>
public static class ContainerIds
{
    /// <summary>Docker's short id (12 characters): enough to find the container with <c>docker ps</c>.</summary>
    public static string Short(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;
}
