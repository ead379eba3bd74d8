namespace OrleansPaas.Grains.Audit;

/// <summary>
/// The trail's chunks, oldest first. Saved only when a chunk is started or dropped: the newest
/// chunk's own state says how far it is filled, so an entry costs one write, of one chunk.
/// </summary>
[GenerateSerializer, Alias("paas.AuditLogState")]
public sealed class AuditLogState
{
    [Id(0)] public List<AuditChunkInfo> Chunks { get; set; } = [];
}
