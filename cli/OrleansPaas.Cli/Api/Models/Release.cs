namespace OrleansPaas.Cli.Api.Models;

/// <summary>A release of an app (<c>GET /api/apps/{app}/releases</c>, newest first).</summary>
internal sealed record Release
{
    public int Version { get; init; }
    public string Description { get; init; } = "";
    public string? Commit { get; init; }
    public string? Image { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary><c>deployed</c>, <c>failed</c> or <c>pending</c>.</summary>
    public string Status { get; init; } = "";

    public bool Current { get; init; }
}
