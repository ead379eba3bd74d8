using OrleansPaas.Apps;

namespace OrleansPaas.NodeServices.Repositories;

/// <summary>
/// Brings this node's copy of an app's repository up to the cluster's stored one. A build of a
/// commit that was not pushed to this node (a release's image rebuilt on a node that never took its
/// push) needs it first; a node serving git does the same before every git request.
/// </summary>
public interface IRepositoryRefresh
{
    Task RefreshAsync(AppName app, CancellationToken cancellationToken);
}
