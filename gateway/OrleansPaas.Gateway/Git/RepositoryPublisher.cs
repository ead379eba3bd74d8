using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Repositories;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Makes a pushed commit durable cluster-wide before git is told the push succeeded: packs
/// everything reachable from it (still in git's quarantine) and saves the pack to the store.
/// The whole history goes each time, so any node can rebuild the repository from one row.
/// </summary>
public sealed partial class RepositoryPublisher(IRepositoryStore store, DataPaths paths, ILogger<RepositoryPublisher> logger)
{
    /// <summary>
    /// Null on success, else why the repository could not be saved. The store takes it only if the
    /// branch is still at <paramref name="oldCommit"/> (or already at the pushed commit), so a push never
    /// overwrites one that landed first.
    /// </summary>
    public async Task<string?> PublishAsync(AppName app, string repositoryPath, string? quarantine, string refName, string oldCommit, string commit,
        CancellationToken cancellationToken)
    {
        if (!store.IsClusterWide)
        {
            return null;
        }

        Directory.CreateDirectory(paths.Scratch);
        // Spooled to a file: the pack can be as large as the push, and Npgsql wants a known length.
        await using var pack = new FileStream(Path.Combine(paths.Scratch, $"push-{Guid.NewGuid():N}.pack"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var error = await RepositoryPacks.WriteAsync(repositoryPath, quarantine, commit, pack, cancellationToken);
            if (error is not null)
            {
                return $"git pack-objects failed: {error}; push again";
            }

            var bytes = pack.Length;
            pack.Position = 0;
            if (!await store.SavePackAsync(app, refName, oldCommit, commit, pack, cancellationToken))
            {
                LogMoved(logger, app.Value, refName, oldCommit);
                return "another push landed first: fetch, merge or rebase, and push again";
            }

            LogSaved(logger, app.Value, refName, commit, bytes);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, app.Value);
            return $"{ex.GetBaseException().Message}; push again";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Saved the repository of {App} to the cluster: {Ref} at {Commit} ({Bytes} bytes of pack)")]
    private static partial void LogSaved(ILogger logger, string app, string @ref, string commit, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Did not save the repository of {App}: {Ref} is no longer at {Commit} in the cluster's store")]
    private static partial void LogMoved(ILogger logger, string app, string @ref, string commit);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not save the repository of {App} to the cluster")]
    private static partial void LogFailed(ILogger logger, Exception exception, string app);
}
