using OrleansPaas.Apps;

namespace OrleansPaas.NodeServices.Repositories;

/// <summary>
/// Where an app's git repository is kept beyond the node that received the push, so that any
/// node can build it, serve <c>git clone</c> and take the next push. A repository is stored as
/// its head (ref + commit) and one git pack of everything reachable from that commit.
/// </summary>
public interface IRepositoryStore
{
    /// <summary>
    /// False on a single node: the local disk is the only copy and the truth, so nothing is
    /// packed or imported.
    /// </summary>
    bool IsClusterWide { get; }

    /// <summary>The stored head, or null when the store knows nothing of the app. Cheap: one small query.</summary>
    Task<StoredHead?> GetHeadAsync(AppName app, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the app's stored repository with <paramref name="pack"/> (all objects reachable from
    /// <paramref name="commit"/>), only if the stored branch is still at <paramref name="expectedOld"/>
    /// (the push's old commit; all zeros for a branch the store does not hold), or already at
    /// <paramref name="commit"/> (the same write once more): a compare-and-swap, so a push that lost a
    /// race never overwrites the winner's. False when the branch had moved elsewhere.
    /// </summary>
    Task<bool> SavePackAsync(AppName app, string refName, string expectedOld, string commit, Stream pack, CancellationToken cancellationToken);

    /// <summary>The stored pack, or null when there is none. The caller disposes the stream.</summary>
    Task<Stream?> OpenPackAsync(AppName app, CancellationToken cancellationToken);

    Task DeleteAsync(AppName app, CancellationToken cancellationToken);
}
