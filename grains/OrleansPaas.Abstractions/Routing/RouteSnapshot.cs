namespace OrleansPaas.Routing;

/// <summary>The whole route table at one version; gateways hold one of these in memory.</summary>
[GenerateSerializer, Immutable, Alias("paas.RouteSnapshot")]
public sealed record RouteSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<RouteEntry> Routes)
{
    /// <summary>The table has not been confirmed since it was loaded: the gateway keeps what it has.</summary>
    [Id(2)] public bool Unconfirmed { get; init; }

    public static RouteSnapshot Empty { get; } = new(0, []);
}
