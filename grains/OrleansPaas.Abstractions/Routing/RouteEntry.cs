namespace OrleansPaas.Routing;

/// <summary>Where one app is served: its host names and the endpoints ("host:port") of its web instances.</summary>
[GenerateSerializer, Immutable, Alias("paas.RouteEntry")]
public sealed record RouteEntry(
    [property: Id(0)] string App,
    [property: Id(1)] IReadOnlyList<string> Hosts,
    [property: Id(2)] IReadOnlyList<string> Endpoints,
    [property: Id(3)] bool Stopped = false);
