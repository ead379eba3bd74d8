namespace OrleansPaas.Routing;

/// <summary>
/// One web instance as gateways reach it. Every gateway can use <see cref="Endpoint"/> (the node's
/// address and published port); the gateway on <see cref="Node"/> itself goes straight to
/// <see cref="ContainerEndpoint"/> (the container's bridge address), skipping Docker's userland proxy,
/// and knows it by <see cref="ContainerId"/> when its engine reports the container dead.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.RouteBackend")]
public sealed record RouteBackend(
    [property: Id(0)] string Node,
    [property: Id(1)] string Endpoint,
    [property: Id(2)] string? ContainerEndpoint,
    [property: Id(3)] string? ContainerId = null);
