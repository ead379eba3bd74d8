using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Repositories;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Brings this node's copy of an app's repository up to the cluster's before any git request
/// is served: a push, a clone or a build may arrive at any node. Up to date costs one small query.
/// </summary>
public sealed partial class RepositorySync(AppRepositories repositories, IRepositoryStore store, ILogger<RepositorySync> logger)
{
    /// <summary>
    /// For fetches and ref advertisements. While this node is receiving a push of the app, its
    /// repository is the newest there is and git is about to move the ref itself (checking the
    /// old value), so the sync must not move it underneath.
    /// </summary>
    public Task<RepositorySyncOutcome> SyncForReadAsync(AppName app, CancellationToken cancellationToken) =>
        SyncAsync(app, skipDuringPush: true, cancellationToken);

    /// <summary>For a push: the caller holds the app's push gate, so the next push builds on the cluster's latest commit.</summary>
    public Task<RepositorySyncOutcome> SyncForPushAsync(AppName app, CancellationToken cancellationToken) =>
        SyncAsync(app, skipDuringPush: false, cancellationToken);

    private async Task<RepositorySyncOutcome> SyncAsync(AppName app, bool skipDuringPush, CancellationToken cancellationToken)
    {
        if (!store.IsClusterWide)
        {
            return RepositorySyncOutcome.NotStored;
        }

        var gate = repositories.SyncGate(app);
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Checked under the sync gate: a push takes it (after the push gate) before git starts,
            // so a push cannot begin between this check and the ref update below.
            if (skipDuringPush && repositories.PushGate(app).CurrentCount == 0)
            {
                return RepositorySyncOutcome.SkippedDuringPush;
            }

            var head = await store.GetHeadAsync(app, cancellationToken);
            if (head is null)
            {
                return RepositorySyncOutcome.NotStored;
            }

            var path = repositories.PathOf(app);
            if (repositories.Exists(app) && await RepositoryPacks.ResolveAsync(path, head.RefName, cancellationToken) == head.Commit)
            {
                return RepositorySyncOutcome.UpToDate;
            }

            await repositories.EnsureAsync(app, cancellationToken);
            await using var pack = await store.OpenPackAsync(app, cancellationToken)
                ?? throw new InvalidOperationException($"the stored repository of {app} disappeared while it was being read");
            var error = await RepositoryPacks.ImportAsync(path, pack, head.RefName, head.Commit, cancellationToken);
            if (error is not null)
            {
                throw new InvalidOperationException($"could not import the stored repository of {app}: {error}");
            }

            // A clone checks out HEAD: point it at the deploy branch when the one it names does not exist.
            if (await RepositoryPacks.ResolveAsync(path, "HEAD", cancellationToken) is null)
            {
                await GitPipe.RunAsync(path, ["symbolic-ref", "HEAD", head.RefName], cancellationToken);
            }

            LogImported(logger, app.Value, head.RefName, head.Commit, head.PackBytes);
            return RepositorySyncOutcome.Imported;
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported the stored repository of {App}: {Ref} at {Commit} ({Bytes} bytes of pack)")]
    private static partial void LogImported(ILogger logger, string app, string @ref, string commit, long bytes);
}
