using OrleansPaas.Audit;

namespace OrleansPaas.Gateway.Audit;

/// <summary>
/// The audit trail as every door writes and reads it (HTTP through <see cref="AuditMiddleware"/>; the
/// SSH door calls it directly). Recording queues the entry (the node writes queued entries in batches);
/// it never fails the caller: a trail that cannot be written is logged.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query);
}
