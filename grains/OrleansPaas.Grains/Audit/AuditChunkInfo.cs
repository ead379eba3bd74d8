namespace OrleansPaas.Grains.Audit;

/// <summary>A chunk: its grain key, the first sequence number in it, and when it was started.</summary>
[GenerateSerializer, Immutable, Alias("paas.AuditChunkInfo")]
public sealed record AuditChunkInfo(
    [property: Id(0)] long Key,
    [property: Id(1)] long FirstSequence,
    [property: Id(2)] DateTimeOffset StartedAt);
