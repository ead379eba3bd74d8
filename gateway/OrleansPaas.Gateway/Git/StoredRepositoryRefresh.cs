using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Repositories;

namespace OrleansPaas.Gateway.Git;

/// <summary>The node's builds bring the repository up to the stored one the way a fetch does (skipped while this node receives a push of the app).</summary>
public sealed class StoredRepositoryRefresh(RepositorySync sync) : IRepositoryRefresh
{
    public Task RefreshAsync(AppName app, CancellationToken cancellationToken) => sync.SyncForReadAsync(app, cancellationToken);
}
