namespace OrleansPaas.NodeServices.Cluster;

/// <summary>
/// The nodes that are alive right now: every active silo is a node, named by its silo name.
/// Read from the membership the cluster already agrees on, so there is no node list to keep.
/// </summary>
public sealed class ClusterNodes(IClusterMembershipService membership, ILocalSiloDetails local)
{
    /// <summary>This node's name.</summary>
    public string Local => local.Name;

    public IReadOnlyList<string> Live() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active && !string.IsNullOrEmpty(m.Name))
        .Select(m => m.Name)
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// Each live node's run (its silo address, with the generation it started with): a node that
    /// restarts under the same name is a new run, so each departure is told apart from the last.
    /// </summary>
    public IReadOnlyList<string> LiveRuns() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active && !string.IsNullOrEmpty(m.Name))
        .Select(m => m.SiloAddress.ToParsableString())
        .Order(StringComparer.Ordinal)
        .ToList();

    public bool IsLive(string node) => Live().Contains(node, StringComparer.Ordinal);

    /// <summary>The membership version: changes whenever a node joins or leaves.</summary>
    public long Version => membership.CurrentSnapshot.Version.Value;

    /// <summary>When this node first saw each node leave the live set (see <see cref="NodeDepartures"/>).</summary>
    public NodeDepartures Departures { get; } = new();

    /// <summary>Notes every member of the membership that is not live as gone from now on (unless noted earlier).</summary>
    public void NoteDepartures()
    {
        var members = membership.CurrentSnapshot.Members.Values.Where(m => !string.IsNullOrEmpty(m.Name)).Select(m => m.Name).Distinct(StringComparer.Ordinal);
        Departures.Note(Live(), members);
    }

    /// <summary>Since when each of <paramref name="nodes"/> that is not in <paramref name="live"/> has been seen gone by this node.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> GoneSince(IReadOnlyCollection<string> live, IEnumerable<string> nodes) =>
        Departures.Since(live, nodes);

    /// <summary>Completes on every membership change (a node joined, left or was declared dead).</summary>
    public IAsyncEnumerable<ClusterMembershipSnapshot> Changes => membership.MembershipUpdates;
}
