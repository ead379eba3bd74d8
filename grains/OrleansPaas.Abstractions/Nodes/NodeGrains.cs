namespace OrleansPaas.Nodes;

/// <summary>A node's grain by the node's name: the one way every part of the platform addresses a node.</summary>
public static class NodeGrains
{
    public static INodeGrain Node(this IGrainFactory grains, string node) => grains.GetGrain<INodeGrain>(node);
}
