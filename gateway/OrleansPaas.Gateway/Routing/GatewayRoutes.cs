using System.Collections.Frozen;
using OrleansPaas.Gateway.Sleep;
using OrleansPaas.Gateway.Tls;
using OrleansPaas.Routing;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// A route snapshot made ready for requests: one exact, case-insensitive host lookup (host names
/// are exact, no patterns) to the app's <see cref="AppRoute"/> and, when the app's certificate
/// names that host, the certificate to serve it with. Built once per snapshot.
/// </summary>
public sealed class GatewayRoutes
{
    private readonly FrozenDictionary<string, HostRoute> _byHost;

    public GatewayRoutes(RouteSnapshot snapshot, string node, ServedCertificates? certificates = null, AppActivities? activities = null)
    {
        Version = snapshot.Version;
        Certificates = certificates ?? ServedCertificates.Empty;
        var byHost = new Dictionary<string, HostRoute>(StringComparer.OrdinalIgnoreCase);
        var byApp = new Dictionary<string, AppRoute>(StringComparer.Ordinal);
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        var containers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Routes)
        {
            foreach (var backend in entry.AllBackends.Where(b => !entry.Sleeping && b.Node == node && b.ContainerId is not null))
            {
                local[backend.ContainerId!] = $"http://{Reach(backend, node)}/";
            }

            var destinations = entry.Sleeping ? [] : entry.AllBackends.Select(b => $"http://{Reach(b, node)}/").ToArray();
            var containerIds = entry.Sleeping ? [] : entry.AllBackends.Select(b => b.ContainerId).ToArray();
            for (var at = 0; at < destinations.Length; at++)
            {
                if (containerIds[at] is { } id)
                {
                    containers[id] = destinations[at];
                }
            }

            var unavailable = entry.Stopped ? "stopped" : destinations.Length == 0 && !entry.Sleeping ? "scaled to zero" : null;
            var route = new AppRoute(entry.App, destinations, unavailable, activities?.For(entry.App), containerIds)
            {
                Sleeping = entry.Sleeping && !entry.Stopped,
                SleepAfter = entry.SleepAfter,
                SleepPage = entry.SleepPage,
            };
            byApp[entry.App] = route;
            Certificates.ByApp.TryGetValue(entry.App, out var certificate);
            foreach (var host in entry.Hosts)
            {
                // Only hosts the certificate names: another host of the app gets no TLS, never a wrong certificate.
                byHost[host] = new HostRoute(route, certificate is not null && certificate.Certificate.Covers(host) ? certificate : null);
            }
        }

        _byHost = byHost.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _byApp = byApp.ToFrozenDictionary(StringComparer.Ordinal);
        _localContainers = local.ToFrozenDictionary(StringComparer.Ordinal);
        _containers = containers.ToFrozenDictionary(StringComparer.Ordinal);
        _destinations = byApp.Values.SelectMany(r => r.Destinations).ToFrozenSet(StringComparer.Ordinal);
        MaySleep = byApp.Values.Where(r => r.SleepAfter is not null).ToArray();
    }

    private readonly FrozenDictionary<string, AppRoute> _byApp;
    private readonly FrozenDictionary<string, string> _localContainers;
    // Every routed container's destination as this gateway reaches it (its own node's by bridge address).
    private readonly FrozenDictionary<string, string> _containers;
    private readonly FrozenSet<string> _destinations;

    /// <summary>The destination of a web instance on this gateway's own node, by its container id; null when none routes there.</summary>
    public string? DestinationOfContainer(string containerId) => _localContainers.GetValueOrDefault(containerId);

    /// <summary>Where this gateway reaches the routed container <paramref name="containerId"/> of any node; null when none routes it.</summary>
    public string? DestinationOf(string containerId) => _containers.GetValueOrDefault(containerId);

    /// <summary>Whether any app's route has <paramref name="destination"/>.</summary>
    public bool Routes(string destination) => _destinations.Contains(destination);

    /// <summary>Routes of apps that may sleep: the ones whose activity is reported.</summary>
    public IReadOnlyList<AppRoute> MaySleep { get; }

    public IEnumerable<string> Apps => _byApp.Keys;

    /// <summary>The app's route in this snapshot, by app name (a held request looks for its app's new route).</summary>
    public AppRoute? ForApp(string app) => _byApp.GetValueOrDefault(app);

    public long Version { get; }

    /// <summary>True until the gateway's first route snapshot arrives: no host is known yet, so none is unknown either.</summary>
    public bool NoSnapshotYet { get; init; }

    public ServedCertificates Certificates { get; }

    public bool TryGet(string host, out AppRoute route)
    {
        var found = _byHost.TryGetValue(host, out var entry);
        route = entry?.Route!;
        return found;
    }

    public bool TryGetHost(string host, out HostRoute route) => _byHost.TryGetValue(host, out route!);

    // This node's own containers are reached on their bridge address; Docker's userland proxy
    // behind the published port costs a copy through another process on every request.
    private static string Reach(RouteBackend backend, string node) =>
        backend.Node == node && backend.ContainerEndpoint is { } direct ? direct : backend.Endpoint;
}

/// <summary>One host as the gateway serves it: the app's route, and its certificate when the host has one.</summary>
public sealed record HostRoute(AppRoute Route, GatewayCertificate? Tls);
