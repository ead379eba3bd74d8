using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Routing;

[GenerateSerializer, Alias("paas.RouteTableState")]
public sealed class RouteTableState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public Dictionary<string, RouteEntry> Routes { get; set; } = new(StringComparer.Ordinal);
}
