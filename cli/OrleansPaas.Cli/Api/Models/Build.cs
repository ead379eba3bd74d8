namespace OrleansPaas.Cli.Api.Models;

/// <summary>One row of <c>GET /api/apps/{app}/builds</c>.</summary>
internal sealed record Build
{
    public int Id { get; init; }
    public string Commit { get; init; } = "";
    public string? Image { get; init; }
    public string Builder { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public double? DurationSeconds { get; init; }

    /// <summary>queued, running, succeeded or failed.</summary>
    public string Result { get; init; } = "";

    public int? Release { get; init; }
    public string Node { get; init; } = "";
}
