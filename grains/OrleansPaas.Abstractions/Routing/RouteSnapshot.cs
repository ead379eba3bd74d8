using OrleansPaas.Tables;

namespace OrleansPaas.Routing;

/// <summary>The whole route table at one version of one epoch; gateways hold one of these in memory.</summary>
[GenerateSerializer, Immutable, Alias("paas.RouteSnapshot")]
public sealed record RouteSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<RouteEntry> Routes,
    [property: Id(2)] Guid Epoch = default) : ITableSnapshot
{
    public static RouteSnapshot Empty { get; } = new(0, []);
}
