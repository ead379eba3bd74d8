namespace OrleansPaas.Routing;

/// <summary>The whole route table at one version; gateways hold one of these in memory.</summary>
[GenerateSerializer, Immutable, Alias("paas.RouteSnapshot")]
public sealed record RouteSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<RouteEntry> Routes)
{
    public static RouteSnapshot Empty { get; } = new(0, []);
}
