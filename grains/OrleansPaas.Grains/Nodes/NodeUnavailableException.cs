namespace OrleansPaas.Grains.Nodes;

/// <summary>A node grain was called for a node that is not an active member of the cluster.</summary>
[GenerateSerializer, Alias("paas.NodeUnavailableException")]
public sealed class NodeUnavailableException : Exception
{
    public NodeUnavailableException(string node) : base($"node '{node}' is not in the cluster") => Node = node;

    [Id(0)] public string Node { get; init; } = "";
}
