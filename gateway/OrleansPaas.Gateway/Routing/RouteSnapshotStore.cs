using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Gateway.Tls;
using OrleansPaas.Grains.Configuration;
using OrleansPaas.Routing;
using OrleansPaas.Tls;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The gateway's in-memory route table, joined with the certificates it serves. Requests and TLS
/// handshakes read it; the route and TLS watchers replace it on every change. Requests never call a grain.
/// </summary>
public sealed class RouteSnapshotStore(IOptions<PaasOptions> options)
{
    private readonly string _node = options.Value.NodeName;
    private readonly object _gate = new();
    private RouteSnapshot _routes = RouteSnapshot.Empty;
    private ServedCertificates _certificates = ServedCertificates.Empty;
    private volatile GatewayRoutes _current = new(RouteSnapshot.Empty, options.Value.NodeName);

    /// <summary>The route table version applied (what the gateway reports back to the route table).</summary>
    public long Version => _current.Version;

    public long TlsVersion => _current.Certificates.Version;

    public GatewayRoutes Current => _current;

    public void Apply(RouteSnapshot snapshot)
    {
        lock (_gate)
        {
            _routes = snapshot;
            _current = new GatewayRoutes(_routes, _node, _certificates);
        }
    }

    public void Apply(TlsSnapshot snapshot, ILogger logger)
    {
        lock (_gate)
        {
            _certificates = _certificates.Next(snapshot, logger);
            _current = new GatewayRoutes(_routes, _node, _certificates);
        }
    }
}
