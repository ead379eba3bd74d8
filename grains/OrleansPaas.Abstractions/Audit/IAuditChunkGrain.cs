namespace OrleansPaas.Audit;

/// <summary>One chunk of the audit trail (key = its number), written only by <see cref="IAuditLogGrain"/>.</summary>
[Alias("paas.IAuditChunkGrain")]
public interface IAuditChunkGrain : IGrainWithIntegerKey
{
    [Alias("Append")]
    Task AppendAsync(IReadOnlyList<AuditEntry> entries);

    [Alias("Read")]
    Task<IReadOnlyList<AuditEntry>> ReadAsync();

    [Alias("Clear")]
    Task ClearAsync();
}
