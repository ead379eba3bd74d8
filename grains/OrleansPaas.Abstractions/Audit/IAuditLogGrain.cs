using Orleans.Concurrency;

namespace OrleansPaas.Audit;

/// <summary>
/// The cluster's audit trail (key 0): numbers each entry and keeps them in chunks
/// (<see cref="IAuditChunkGrain"/>), so one more entry costs a write of one small chunk, not of
/// the whole trail. Entries older than <c>Paas:Audit:KeepDays</c> or beyond the newest
/// <c>Paas:Audit:KeepEntries</c> are dropped.
/// </summary>
[Alias("paas.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    /// <summary>Keeps <paramref name="entry"/> (its sequence number is given here) and returns that number.</summary>
    [Alias("Append")]
    Task<long> AppendAsync(AuditEntry entry);

    /// <summary>Keeps <paramref name="entries"/> in order (a node's batch) and returns the last one's number.</summary>
    [Alias("AppendMany")]
    Task<long> AppendManyAsync(IReadOnlyList<AuditEntry> entries);

    /// <summary>Matching entries, oldest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query);
}
