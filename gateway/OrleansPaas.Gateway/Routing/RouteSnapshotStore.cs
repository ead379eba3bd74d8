using Microsoft.Extensions.Options;
using OrleansPaas.Grains.Configuration;
using OrleansPaas.Routing;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The gateway's in-memory route table. Requests read it; the watcher replaces it when the route
/// table grain changes. Requests never call a grain.
/// </summary>
public sealed class RouteSnapshotStore(IOptions<PaasOptions> options)
{
    private readonly string _node = options.Value.NodeName;
    private volatile GatewayRoutes _current = new(RouteSnapshot.Empty, options.Value.NodeName);

    public long Version => _current.Version;

    public GatewayRoutes Current => _current;

    public void Apply(RouteSnapshot snapshot) => _current = new GatewayRoutes(snapshot, _node);
}
