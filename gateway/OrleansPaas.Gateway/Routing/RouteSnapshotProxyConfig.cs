using Microsoft.Extensions.Primitives;
using OrleansPaas.Routing;
using Yarp.ReverseProxy.Configuration;

namespace OrleansPaas.Gateway.Routing;

/// <summary>A YARP configuration made from one route snapshot: a route and a cluster per app.</summary>
public sealed class RouteSnapshotProxyConfig : IProxyConfig
{
    private readonly CancellationTokenSource _replaced = new();

    public RouteSnapshotProxyConfig(RouteSnapshot snapshot)
    {
        Version = snapshot.Version;
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var entry in snapshot.Routes.Where(r => r.Hosts.Count > 0))
        {
            var unavailable = entry.Stopped || entry.Endpoints.Count == 0;
            routes.Add(new RouteConfig
            {
                RouteId = entry.App,
                ClusterId = entry.App,
                Match = new RouteMatch { Hosts = entry.Hosts.ToList(), Path = "/{**path}" },
                // Apps see the Host the browser asked for; YARP would otherwise send the destination's.
                Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
                Metadata = unavailable ? new Dictionary<string, string> { [UnavailableAppPage.MetadataKey] = entry.Stopped ? "stopped" : "scaled to zero" } : null,
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = entry.App,
                // Round robin spreads requests evenly over an app's instances.
                LoadBalancingPolicy = "RoundRobin",
                Destinations = entry.Endpoints
                    .Select((endpoint, i) => (endpoint, i))
                    .ToDictionary(x => $"i{x.i}", x => new DestinationConfig { Address = $"http://{x.endpoint}" }),
            });
        }

        Routes = routes;
        Clusters = clusters;
        ChangeToken = new CancellationChangeToken(_replaced.Token);
    }

    public long Version { get; }
    public IReadOnlyList<RouteConfig> Routes { get; }
    public IReadOnlyList<ClusterConfig> Clusters { get; }
    public IChangeToken ChangeToken { get; }

    internal void MarkReplaced() => _replaced.Cancel();
}
