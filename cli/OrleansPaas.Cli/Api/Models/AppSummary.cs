namespace OrleansPaas.Cli.Api.Models;

/// <summary>One row of <c>GET /api/apps</c>.</summary>
internal sealed record AppSummary
{
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public string Status { get; init; } = "";
    public int? Release { get; init; }
    public int Instances { get; init; }

    /// <summary>The idle time before the app sleeps (<c>30s</c>) or <c>off</c>; null from an older server.</summary>
    public string? SleepAfter { get; init; }

    public DateTimeOffset? LastWakeAt { get; init; }
}
