namespace OrleansPaas.Contracts.Events;

/// <summary>One entry of the audit trail (<c>GET /api/events</c>, <c>events:list</c>).</summary>
public sealed record EventView
{
    public long Sequence { get; init; }
    public DateTimeOffset At { get; init; }
    public string Actor { get; init; } = "";
    public string Source { get; init; } = "";
    public string Action { get; init; } = "";
    public string? App { get; init; }
    public string Outcome { get; init; } = "";
    public string? Detail { get; init; }
}
