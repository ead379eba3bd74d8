namespace OrleansPaas.Access;

/// <summary>
/// A named token as the platform keeps it: never the token, only its SHA-256 (the token is 256
/// random bits, so a fast hash cannot be reversed by guessing). <see cref="RevokedAt"/> is set
/// instead of forgetting it, so a revoked token is refused with that reason and its name in the trail.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.TokenRecord")]
public sealed record TokenRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] PaasRole Role,
    [property: Id(2)] IReadOnlyList<string> Apps,
    [property: Id(3)] string Hash,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] DateTimeOffset? RevokedAt = null,
    [property: Id(7)] DateTimeOffset? LastUsedAt = null)
{
    public PaasPrincipal Principal => new(Name, Role, Apps);
}
