namespace OrleansPaas.Gateway.Audit;

/// <summary>An entry to record, before the trail numbers and times it.</summary>
public sealed record AuditRecord(string Actor, string Source, string Action, string? App, string Outcome, string? Detail = null);
