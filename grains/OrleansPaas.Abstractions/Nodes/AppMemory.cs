namespace OrleansPaas.Nodes;

/// <summary>An app's running instances on one node and their memory, as the node last sampled them (every 10 s).</summary>
[GenerateSerializer, Immutable, Alias("paas.AppMemory")]
public sealed record AppMemory(
    [property: Id(0)] DateTimeOffset SampledAt,
    [property: Id(1)] IReadOnlyList<InstanceMemory> Instances);

[GenerateSerializer, Immutable, Alias("paas.InstanceMemory")]
public sealed record InstanceMemory(
    [property: Id(0)] string Instance,
    [property: Id(1)] long Bytes);
