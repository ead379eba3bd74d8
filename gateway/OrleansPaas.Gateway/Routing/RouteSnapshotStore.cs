using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Gateway.Sleep;
using OrleansPaas.Gateway.Tls;
using OrleansPaas.Configuration;
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
    // Null until the route watcher applies the first snapshot (requests get 503 until then).
    private RouteSnapshot? _routes;
    private ServedCertificates _certificates = ServedCertificates.Empty;
    private volatile GatewayRoutes _current = new(RouteSnapshot.Empty, options.Value.NodeName) { NoSnapshotYet = true };
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Traffic counters per app, carried from one snapshot to the next.</summary>
    public AppActivities Activities { get; } = new();

    /// <summary>Forwards waiting on an instance: cut off when a snapshot drops it.</summary>
    public PendingForwards Pending { get; } = new();

    /// <summary>Completes when the next snapshot is applied (a held request waits on it for its app to wake).</summary>
    public Task Changed => _changed.Task;

    /// <summary>The route table version applied (what the gateway reports back to the route table).</summary>
    public long Version => _current.Version;

    public long TlsVersion => _current.Certificates.Version;

    public GatewayRoutes Current => _current;

    /// <summary>
    /// The first non-null answer of <paramref name="pick"/> for the routes now or after a later
    /// snapshot; null once <paramref name="stop"/> is cancelled first. Requests that wait for a route
    /// (a wake, a died instance's replacement) wait here, woken by snapshots only: no timer, no spin.
    /// </summary>
    public async Task<T?> WaitForAsync<T>(Func<GatewayRoutes, T?> pick, CancellationToken stop) where T : class
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = stop.Register(() => stopped.TrySetResult());
        while (true)
        {
            var changed = Changed;
            if (pick(_current) is { } found)
            {
                return found;
            }

            if (stop.IsCancellationRequested)
            {
                return null;
            }

            await Task.WhenAny(changed, stopped.Task);
        }
    }

    public void Apply(RouteSnapshot snapshot)
    {
        lock (_gate)
        {
            _routes = snapshot;
            Publish(Join());
            Activities.KeepOnly(_current.Apps.ToHashSet(StringComparer.Ordinal));
            Pending.DropGone(_current);
        }
    }

    public void Apply(TlsSnapshot snapshot, ILogger logger)
    {
        lock (_gate)
        {
            _certificates = _certificates.Next(snapshot, logger);
            Publish(Join());
        }
    }

    private GatewayRoutes Join() =>
        new(_routes ?? RouteSnapshot.Empty, _node, _certificates, Activities) { NoSnapshotYet = _routes is null };

    private void Publish(GatewayRoutes routes)
    {
        _current = routes;
        var fired = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fired.TrySetResult();
    }
}
