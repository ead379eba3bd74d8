namespace OrleansPaas.Contracts.Releases;

/// <summary>A release of an app (<c>GET /api/apps/{app}/releases</c>, newest first); config values are masked.</summary>
public sealed record ReleaseView
{
    public int Version { get; init; }
    public string Description { get; init; } = "";
    public string? Commit { get; init; }
    public string? Image { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary><c>deployed</c>, <c>failed</c> or <c>pending</c>.</summary>
    public string Status { get; init; } = "";

    public bool Current { get; init; }

    /// <summary>The config the release ran with: names only, every value <c>*****</c>.</summary>
    public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, int> Formation { get; init; } = new Dictionary<string, int>();
}
