namespace OrleansPaas.Access;

/// <summary>A new token to keep: the caller made the token and hands over only its hash.</summary>
[GenerateSerializer, Immutable, Alias("paas.TokenCreation")]
public sealed record TokenCreation(
    [property: Id(0)] string Name,
    [property: Id(1)] PaasRole Role,
    [property: Id(2)] IReadOnlyList<string> Apps,
    [property: Id(3)] string Hash,
    [property: Id(4)] DateTimeOffset? ExpiresAt);
