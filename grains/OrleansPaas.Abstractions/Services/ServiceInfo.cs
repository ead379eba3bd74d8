namespace OrleansPaas.Services;

/// <summary>
/// One service as <c>services:info</c> shows it: what it is (desired, stored) and how its container
/// is (<see cref="Status"/>, observed on its node now: running, exited, missing, or unknown when the node does not answer).
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceInfo")]
public sealed record ServiceInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] ServiceKind Kind,
    [property: Id(2)] string Image,
    [property: Id(3)] string Node,
    [property: Id(4)] string Status,
    [property: Id(5)] string Volume,
    [property: Id(6)] string Host,
    [property: Id(7)] int Port,
    [property: Id(8)] IReadOnlyList<ServiceLink> Links,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] string Version);
