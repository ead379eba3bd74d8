namespace OrleansPaas.Routing;

/// <summary>Where one app is served: its host names and its web instances.</summary>
[GenerateSerializer, Immutable, Alias("paas.RouteEntry")]
public sealed record RouteEntry(
    [property: Id(0)] string App,
    [property: Id(1)] IReadOnlyList<string> Hosts,
    [property: Id(2)] IReadOnlyList<string> Endpoints,
    [property: Id(3)] bool Stopped = false,
    // Added after Endpoints ("host:port" only); entries stored before it have none.
    [property: Id(4)] IReadOnlyList<RouteBackend>? Backends = null)
{
    /// <summary>The app's web instances, also for entries stored before backends carried their node.</summary>
    public IReadOnlyList<RouteBackend> AllBackends =>
        Backends ?? Endpoints.Select(endpoint => new RouteBackend("", endpoint, null)).ToList();
}
