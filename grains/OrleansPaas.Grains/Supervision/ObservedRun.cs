using OrleansPaas.Apps;
using OrleansPaas.Nodes;
using OrleansPaas.Supervision;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// What runs for one app: the live nodes, the app's containers on each live node that answered, and
/// since when this node has seen each node gone that an instance is on (a node missing there counts
/// as gone from now).
/// </summary>
public sealed record ObservedRun(IReadOnlyCollection<string> Live, IReadOnlyDictionary<string, IReadOnlyList<NodeInstance>> ByNode)
{
    public IReadOnlyDictionary<string, DateTimeOffset> GoneSince { get; init; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    /// <summary>Nodes that left and that the app's grain never listed in this activation: what ran there for the app is unknown.</summary>
    public IReadOnlyCollection<string> Unseen { get; init; } = [];

    /// <summary>
    /// What a reconciliation pass's one list call saw of the app, on the nodes still live. Listed before
    /// the app's command began, so only a hint whether anything needs looking at, never acted on.
    /// </summary>
    public static ObservedRun Hint(IReadOnlyList<string> live, AppObservation observation) =>
        new(live, observation.AnsweredNodes.Where(live.Contains).ToDictionary(node => node,
            node => (IReadOnlyList<NodeInstance>)observation.Containers.Where(c => c.Instance.Node == node).ToList(), StringComparer.Ordinal));

    public bool Answered(string node) => ByNode.ContainsKey(node);

    public NodeInstance? Find(InstanceInfo instance) =>
        ByNode.TryGetValue(instance.Node, out var seen) ? seen.FirstOrDefault(s => s.Instance.ContainerId == instance.ContainerId) : null;
}
