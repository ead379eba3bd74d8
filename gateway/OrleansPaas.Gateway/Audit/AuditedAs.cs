namespace OrleansPaas.Gateway.Audit;

/// <summary>
/// Endpoint metadata: the action's name in the audit trail (<c>push</c>, <c>dashboard:rollback</c>);
/// with <see cref="IsChange"/> false, a request is recorded only when refused (a clone is a POST too).
/// </summary>
public sealed record AuditedAs(string Action, bool IsChange = true);
