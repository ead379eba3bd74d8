using Orleans.Placement;

namespace OrleansPaas.Grains.Nodes;

/// <summary>Places a grain keyed by a node name on the silo of that node (see <see cref="NodePlacementDirector"/>).</summary>
[GenerateSerializer, Immutable, Alias("paas.NodePlacementStrategy")]
public sealed class NodePlacementStrategy : PlacementStrategy
{
    public static NodePlacementStrategy Instance { get; } = new();
}

/// <summary>Marks a grain whose key is a node name and which must live on that node's silo.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NodePlacementAttribute() : PlacementAttribute(NodePlacementStrategy.Instance);
