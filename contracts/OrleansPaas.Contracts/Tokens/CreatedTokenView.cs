namespace OrleansPaas.Contracts.Tokens;

/// <summary>The answer to <c>POST /api/tokens</c>: the only time the token is ever shown.</summary>
public sealed record CreatedTokenView
{
    public string Token { get; init; } = "";
    public TokenView Details { get; init; } = new();
}
