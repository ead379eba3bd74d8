namespace OrleansPaas.Configuration;

/// <summary><c>Paas:Audit</c>: how much of the audit trail (<c>events:list</c>) the cluster keeps.</summary>
public sealed class AuditOptions
{
    /// <summary>Entries older than this many days are dropped.</summary>
    public int KeepDays { get; set; } = 90;

    /// <summary>At most this many of the newest entries are kept (dropped a chunk of 100 at a time).</summary>
    public int KeepEntries { get; set; } = 100_000;
}
