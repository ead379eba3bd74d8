using Microsoft.Extensions.Hosting;
using OrleansPaas.NodeServices.Resilience;
using OrleansPaas.Tables;

namespace OrleansPaas.Gateway.Tables;

/// <summary>
/// Keeps this node's copy of one versioned table (routes, TLS) up to date: long-polls the table's
/// grain with the epoch and version it holds, applies each snapshot that differs, and, while the
/// grain cannot be reached (the silo still starting, the grain moving), keeps what it has and retries.
/// </summary>
public abstract class TableWatcher<TSnapshot> : BackgroundService where TSnapshot : ITableSnapshot
{
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(20);

    /// <summary>Asks the grain for a snapshot newer than (<paramref name="epoch"/>, <paramref name="version"/>), waiting up to <paramref name="wait"/>.</summary>
    protected abstract Task<TSnapshot> PollAsync(Guid epoch, long version, TimeSpan wait, CancellationToken cancellationToken);

    protected abstract void Apply(TSnapshot snapshot);

    /// <summary>The first failure in a row and every 30th are reported, so a long outage does not flood the log.</summary>
    protected abstract void PollFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = RetryForever.Create((ex, failures) =>
        {
            if (failures == 1 || failures % 30 == 0)
            {
                PollFailed(ex);
            }
        });
        // Nothing held yet: the empty epoch differs from every table's, so the first answer is applied.
        (Guid Epoch, long Version) held = (Guid.Empty, 0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var snapshot = await retry.ExecuteAsync(
                    async token => await PollAsync(held.Epoch, held.Version, PollWait, token), stoppingToken);
                if (snapshot.Epoch != held.Epoch || snapshot.Version != held.Version)
                {
                    Apply(snapshot);
                    held = (snapshot.Epoch, snapshot.Version);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
