namespace OrleansPaas.Gateway.Api.Models;

/// <summary>One row of <c>GET /api/apps/{app}/builds</c>; <see cref="Result"/> is queued, running, succeeded or failed.</summary>
public sealed record BuildView(int Id, string Commit, string? Image, string Builder, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    double? DurationSeconds, string Result, int? Release, string Node);
