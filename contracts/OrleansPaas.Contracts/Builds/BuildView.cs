namespace OrleansPaas.Contracts.Builds;

/// <summary>One row of <c>GET /api/apps/{app}/builds</c>.</summary>
public sealed record BuildView
{
    public int Id { get; init; }
    public string Commit { get; init; } = "";

    /// <summary>The image deployed as is (<c>git:from-image</c>); null for a build from source.</summary>
    public string? Image { get; init; }

    public string Builder { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public double? DurationSeconds { get; init; }

    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public string Result { get; init; } = "";

    public int? Release { get; init; }

    /// <summary>The release whose image this build made again because no live node held it; null for a push or an image deploy.</summary>
    public int? RebuildOf { get; init; }
    public string Node { get; init; } = "";
}
