using System.Collections.Frozen;
using OrleansPaas.Routing;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// A route snapshot made ready for requests: one exact, case-insensitive host lookup (host names
/// are exact, no patterns) to the app's <see cref="AppRoute"/>, built once per snapshot.
/// </summary>
public sealed class GatewayRoutes
{
    private readonly FrozenDictionary<string, AppRoute> _byHost;

    public GatewayRoutes(RouteSnapshot snapshot, string node)
    {
        Version = snapshot.Version;
        var byHost = new Dictionary<string, AppRoute>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in snapshot.Routes)
        {
            var destinations = entry.AllBackends.Select(b => $"http://{Reach(b, node)}/").ToArray();
            var unavailable = entry.Stopped ? "stopped" : destinations.Length == 0 ? "scaled to zero" : null;
            var route = new AppRoute(entry.App, destinations, unavailable);
            foreach (var host in entry.Hosts)
            {
                byHost[host] = route;
            }
        }

        _byHost = byHost.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public long Version { get; }

    public bool TryGet(string host, out AppRoute route) => _byHost.TryGetValue(host, out route!);

    // This node's own containers are reached on their bridge address; Docker's userland proxy
    // behind the published port costs a copy through another process on every request.
    private static string Reach(RouteBackend backend, string node) =>
        backend.Node == node && backend.ContainerEndpoint is { } direct ? direct : backend.Endpoint;
}
