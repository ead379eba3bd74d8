namespace OrleansPaas.Contracts.Tokens;

/// <summary>
/// Body of <c>POST /api/tokens</c>: a name, a role (<c>admin</c>, <c>deploy</c> or <c>read</c>), the apps it is
/// limited to (none: every app) and how long it lasts (<c>90d</c>, <c>12h</c>; none: until revoked).
/// </summary>
public sealed record CreateTokenRequest(string? Name, string? Role, IReadOnlyList<string>? Apps = null, string? ExpiresIn = null);
