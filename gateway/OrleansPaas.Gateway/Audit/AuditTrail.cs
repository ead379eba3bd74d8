using Microsoft.Extensions.Logging;
using OrleansPaas.Audit;

namespace OrleansPaas.Gateway.Audit;

/// <summary>The cluster's trail (<see cref="IAuditLogGrain"/>), stamped with this node's clock.</summary>
public sealed partial class AuditTrail(IGrainFactory grains, TimeProvider time, ILogger<AuditTrail> logger) : IAuditTrail
{
    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var entry = new AuditEntry(0, time.GetUtcNow(), record.Actor, record.Source, record.Action, record.App, record.Outcome, record.Detail);
        try
        {
            await grains.GetGrain<IAuditLogGrain>(0).AppendAsync(entry).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change itself is done; losing its line is logged loudly, not turned into a failed request.
            LogNotRecorded(logger, record.Action, record.Actor, record.App, record.Outcome, ex.Message);
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query) => grains.GetGrain<IAuditLogGrain>(0).ListAsync(query);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit trail not written: {Action} by {Actor} on {App} ({Outcome}): {Reason}")]
    private static partial void LogNotRecorded(ILogger logger, string action, string actor, string? app, string outcome, string reason);
}
