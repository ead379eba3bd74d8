namespace OrleansPaas.Services;

/// <summary>One service as the registry knows it: where it runs and which apps are linked (whose containers join its network).</summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceEntry")]
public sealed record ServiceEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] ServiceKind Kind,
    [property: Id(2)] string Node,
    [property: Id(3)] IReadOnlyList<string> Apps);
