namespace OrleansPaas.Audit;

/// <summary>
/// One line of the audit trail: when, who (a token's or key's name, "admin", or "-" when no
/// credential checked out), from where, what, on which app, and how it ended. Config values are
/// never in it, only names (<paramref name="Detail"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Source,
    [property: Id(4)] string Action,
    [property: Id(5)] string? App,
    [property: Id(6)] string Outcome,
    [property: Id(7)] string? Detail = null);
