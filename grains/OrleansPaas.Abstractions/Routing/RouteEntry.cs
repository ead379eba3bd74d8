namespace OrleansPaas.Routing;

/// <summary>Where one app is served: its host names and its web instances, or that it sleeps.</summary>
[GenerateSerializer, Immutable, Alias("paas.RouteEntry")]
public sealed record RouteEntry(
    [property: Id(0)] string App,
    [property: Id(1)] IReadOnlyList<string> Hosts,
    [property: Id(2)] IReadOnlyList<string> Endpoints,
    [property: Id(3)] bool Stopped = false,
    // Added after Endpoints ("host:port" only); entries stored before it have none.
    [property: Id(4)] IReadOnlyList<RouteBackend>? Backends = null,
    // The app sleeps: a request is held while the gateway asks its grain to wake it.
    [property: Id(5)] bool Sleeping = false,
    // Set when the app may sleep: gateways then report its activity to its grain.
    [property: Id(6)] TimeSpan? SleepAfter = null,
    // Browsers get a small waiting page instead of being held while the app wakes.
    [property: Id(7)] bool SleepPage = false)
{
    /// <summary>The app's web instances, also for entries stored before backends carried their node.</summary>
    public IReadOnlyList<RouteBackend> AllBackends =>
        Backends ?? Endpoints.Select(endpoint => new RouteBackend("", endpoint, null)).ToList();
}
