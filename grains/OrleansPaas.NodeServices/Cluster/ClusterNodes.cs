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

    public bool IsLive(string node) => Live().Contains(node, StringComparer.Ordinal);

    /// <summary>The membership version: changes whenever a node joins or leaves.</summary>
    public long Version => membership.CurrentSnapshot.Version.Value;

    /// <summary>Completes on every membership change (a node joined, left or was declared dead).</summary>
    public IAsyncEnumerable<ClusterMembershipSnapshot> Changes => membership.MembershipUpdates;
}
