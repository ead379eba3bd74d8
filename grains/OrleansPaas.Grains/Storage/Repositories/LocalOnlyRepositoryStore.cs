using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Repositories;

namespace OrleansPaas.Grains.Storage.Repositories;

/// <summary>A single node: the repository under <c>&lt;DataDir&gt;/repos</c> is the only copy, so there is nothing to keep elsewhere.</summary>
public sealed class LocalOnlyRepositoryStore : IRepositoryStore
{
    public bool IsClusterWide => false;

    public Task<StoredHead?> GetHeadAsync(AppName app, CancellationToken cancellationToken) => Task.FromResult<StoredHead?>(null);

    // Git's own ref update is the compare-and-swap of the only copy.
    public Task<bool> SavePackAsync(AppName app, string refName, string expectedOld, string commit, Stream pack, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    public Task<Stream?> OpenPackAsync(AppName app, CancellationToken cancellationToken) => Task.FromResult<Stream?>(null);

    public Task DeleteAsync(AppName app, CancellationToken cancellationToken) => Task.CompletedTask;
}
