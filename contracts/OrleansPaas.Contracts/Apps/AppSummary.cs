namespace OrleansPaas.Contracts.Apps;

/// <summary>One row of <c>GET /api/apps</c>.</summary>
public sealed record AppSummary
{
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";

    /// <summary>not-deployed, stopped, waking, crashed, sleeping or running.</summary>
    public string Status { get; init; } = "";

    public int? Release { get; init; }
    public int Instances { get; init; }

    /// <summary>The idle time before the app sleeps (<c>30s</c>) or <c>off</c>; null from a server older than sleeping apps.</summary>
    public string? SleepAfter { get; init; }

    public DateTimeOffset? LastWakeAt { get; init; }
}
