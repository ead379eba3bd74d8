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

    /// <summary>
    /// This look, with the containers of <paramref name="deaths"/> that it lists as running counted as
    /// exited with the reported code. Docker sends a die event before its container list says the
    /// container stopped (tens of milliseconds later): a look made just after the event would keep the
    /// dead instance, put it back in the routes and leave its slot unrestarted until the next pass.
    /// The event wins; an instance not listed at all stays lost, one listed as exited keeps the list's code,
    /// and one on a node that did not answer counts as exited all the same (see <see cref="AppReconciler"/>).
    /// </summary>
    public ObservedRun WithDeaths(IReadOnlyCollection<InstanceDeath> deaths)
    {
        if (deaths.Count == 0)
        {
            return this;
        }

        // One container may be reported twice (parked by sleep, woken, then died): the last report counts.
        var codes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var death in deaths)
        {
            codes[death.ContainerId] = death.ExitCode;
        }

        return this with
        {
            Deaths = codes,
            ByNode = ByNode.ToDictionary(node => node.Key, node => (IReadOnlyList<NodeInstance>)node.Value
                .Select(c => c.Running && codes.TryGetValue(c.Instance.ContainerId, out var code) ? c with { Running = false, ExitCode = code } : c)
                .ToList(), StringComparer.Ordinal),
        };
    }

    /// <summary>Containers reported dead (<see cref="WithDeaths"/>) with their exit codes, whether or not their node answered this look.</summary>
    public IReadOnlyDictionary<string, long> Deaths { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    public bool Answered(string node) => ByNode.ContainsKey(node);

    /// <summary>The exit code of <paramref name="instance"/>'s reported death, if it was reported dead.</summary>
    public long? ReportedExit(InstanceInfo instance) => Deaths.TryGetValue(instance.ContainerId, out var code) ? code : null;

    public NodeInstance? Find(InstanceInfo instance) =>
        ByNode.TryGetValue(instance.Node, out var seen) ? seen.FirstOrDefault(s => s.Instance.ContainerId == instance.ContainerId) : null;
}
