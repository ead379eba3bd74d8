using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Removes the push quarantine directories a crash left behind (git deletes its own when a push
/// ends; a node killed mid-push cannot). At start no push runs on this node, so every one is stale.
/// </summary>
public sealed partial class StaleQuarantineCleanup(DataPaths paths, ILogger<StaleQuarantineCleanup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(paths.Repositories))
        {
            return Task.CompletedTask;
        }

        var removed = 0;
        foreach (var objects in Directory.EnumerateDirectories(paths.Repositories, "*.git").Select(r => Path.Combine(r, "objects")).Where(Directory.Exists))
        {
            foreach (var quarantine in Directory.EnumerateDirectories(objects, "tmp_objdir-incoming-*"))
            {
                Directory.Delete(quarantine, recursive: true);
                removed++;
            }
        }

        if (removed > 0)
        {
            LogRemoved(logger, removed);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} push quarantine folder(s) left by an interrupted push")]
    private static partial void LogRemoved(ILogger logger, int count);
}
