using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

[GenerateSerializer, Alias("paas.TlsTableState")]
public sealed class TlsTableState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public Dictionary<string, TlsEntry> Apps { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, string> Challenges { get; set; } = new(StringComparer.Ordinal);
}
