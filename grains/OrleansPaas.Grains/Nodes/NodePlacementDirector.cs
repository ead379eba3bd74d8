using Orleans.Runtime.Placement;

namespace OrleansPaas.Grains.Nodes;

/// <summary>
/// A node grain drives its node's Docker engine, so it must run in that node's silo: the silo
/// whose name (<c>SiloOptions.SiloName</c> = <c>Paas:NodeName</c>) equals the grain's key. A node
/// that is not in the cluster cannot host it; callers get <see cref="NodeUnavailableException"/>.
/// </summary>
public sealed class NodePlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var node = target.GrainIdentity.Key.ToString()!;
        var compatible = context.GetCompatibleSilos(target);
        var silo = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && m.Name == node && compatible.Contains(m.SiloAddress))
            .Select(m => m.SiloAddress)
            // A node restarted with the same name: its newest generation is the live one.
            .MaxBy(a => a.Generation);
        return silo is null
            ? throw new NodeUnavailableException(node)
            : Task.FromResult(silo);
    }
}
