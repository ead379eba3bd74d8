using OrleansPaas.Tables;

namespace OrleansPaas.Access;

/// <summary>Every named token (hashes only) at one version of the token table, as each node holds it.</summary>
[GenerateSerializer, Immutable, Alias("paas.TokenSnapshot")]
public sealed record TokenSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<TokenRecord> Tokens,
    [property: Id(2)] Guid Epoch = default) : ITableSnapshot
{
    public static TokenSnapshot Empty { get; } = new(0, []);
}
