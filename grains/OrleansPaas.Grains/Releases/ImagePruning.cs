using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Releases;

/// <summary>
/// Removes one app's images that no kept release uses, on every live node. A prune is due after a
/// deploy and after an activation (nothing is known about prunes before it); one that could not
/// finish (a node down, an image still in use) stays due, so a later pass completes it.
/// </summary>
public sealed class ImagePruning(AppName app, IGrainFactory grains, ClusterNodes nodes)
{
    private bool _due = true;

    /// <summary>A deploy made a release's image old: prune when nothing needs it any more.</summary>
    public void Due() => _due = true;

    /// <summary>Keeps <paramref name="kept"/> on every live node and removes the app's other images.</summary>
    public Task PruneAsync(IReadOnlyList<string> kept) =>
        // Bounded: pruning runs under the app's commands, and a node that does not answer leaves it due for a later pass.
        Task.WhenAll(nodes.Live().Select(node => grains.Node(node).PruneAsync(app.Value, kept).WaitAsync(PruneTimeout)));

    private static readonly TimeSpan PruneTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Prunes if a prune is due; if it fails, it stays due.</summary>
    public async Task PruneIfDueAsync(Func<IReadOnlyList<string>> kept)
    {
        if (!_due)
        {
            return;
        }

        _due = false;
        try
        {
            await PruneAsync(kept());
        }
        catch
        {
            _due = true;
            throw;
        }
    }
}
