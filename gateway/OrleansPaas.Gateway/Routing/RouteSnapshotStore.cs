using OrleansPaas.Routing;
using Yarp.ReverseProxy.Configuration;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The gateway's in-memory route table. YARP reads it; the watcher replaces it when the route
/// table grain changes. Requests never call a grain.
/// </summary>
public sealed class RouteSnapshotStore : IProxyConfigProvider
{
    private RouteSnapshotProxyConfig _current = new(RouteSnapshot.Empty);

    public long Version => _current.Version;

    public IProxyConfig GetConfig() => _current;

    public void Apply(RouteSnapshot snapshot)
    {
        var previous = _current;
        _current = new RouteSnapshotProxyConfig(snapshot);
        previous.MarkReplaced();
    }
}
