using OrleansPaas.Audit;

namespace OrleansPaas.Grains.Audit;

[GenerateSerializer, Alias("paas.AuditChunkState")]
public sealed class AuditChunkState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}
