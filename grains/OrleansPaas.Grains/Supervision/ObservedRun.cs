using OrleansPaas.Apps;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Supervision;

/// <summary>What runs for one app: the live nodes, and the app's containers on each live node that answered.</summary>
public sealed record ObservedRun(IReadOnlyCollection<string> Live, IReadOnlyDictionary<string, IReadOnlyList<NodeInstance>> ByNode)
{
    public bool Answered(string node) => ByNode.ContainsKey(node);

    public NodeInstance? Find(InstanceInfo instance) =>
        ByNode.TryGetValue(instance.Node, out var seen) ? seen.FirstOrDefault(s => s.Instance.ContainerId == instance.ContainerId) : null;
}
