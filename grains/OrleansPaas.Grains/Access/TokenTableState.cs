using OrleansPaas.Access;

namespace OrleansPaas.Grains.Access;

[GenerateSerializer, Alias("paas.TokenTableState")]
public sealed class TokenTableState
{
    /// <summary>By name; revoked ones stay (marked), so their use is refused with that reason.</summary>
    [Id(0)] public Dictionary<string, TokenRecord> Tokens { get; set; } = new(StringComparer.Ordinal);
}
