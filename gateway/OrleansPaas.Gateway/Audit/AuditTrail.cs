using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansPaas.Audit;

namespace OrleansPaas.Gateway.Audit;

/// <summary>
/// The cluster's trail (<see cref="IAuditLogGrain"/>), stamped with this node's clock. Recording
/// queues the entry and returns: a writer sends what has queued up as one batch (one write of one
/// chunk), so a command never waits for the trail's storage and a burst costs a few writes, not one each.
/// Entries still queued when the node stops are written before it does.
/// </summary>
public sealed partial class AuditTrail(IGrainFactory grains, TimeProvider time, ILogger<AuditTrail> logger) : BackgroundService, IAuditTrail
{
    private const int BatchSize = 500;

    // Bounded, so a trail that cannot be written holds a bounded backlog; a full queue makes recording wait.
    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(10_000) { SingleReader = true });

    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default) =>
        await _queue.Writer.WriteAsync(new AuditEntry(0, time.GetUtcNow(), record.Actor, record.Source, record.Action, record.App, record.Outcome, record.Detail),
            cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query) => grains.GetGrain<IAuditLogGrain>(0).ListAsync(query);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteQueuedAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Stopping: what is queued still goes out.
        await WriteQueuedAsync();
    }

    private async Task WriteQueuedAsync()
    {
        var batch = new List<AuditEntry>();
        while (true)
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await grains.GetGrain<IAuditLogGrain>(0).AppendManyAsync(batch);
            }
            catch (Exception ex)
            {
                // The changes themselves are done; losing their lines is logged loudly, not retried forever.
                LogNotRecorded(logger, batch.Count, string.Join("; ", batch.Take(3).Select(e => $"{e.Action} by {e.Actor} on {e.App}")), ex.Message);
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit trail not written: {Count} entries ({First}…): {Reason}")]
    private static partial void LogNotRecorded(ILogger logger, int count, string first, string reason);
}
