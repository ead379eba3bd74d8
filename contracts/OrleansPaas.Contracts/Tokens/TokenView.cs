namespace OrleansPaas.Contracts.Tokens;

/// <summary>A named token as <c>tokens:list</c> shows it: never the token itself.</summary>
public sealed record TokenView
{
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";

    /// <summary>Empty: every app.</summary>
    public IReadOnlyList<string> Apps { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}
