using System.Net;
using Orleans.Configuration;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Storage;

namespace OrleansPaas.Silo.Hosting;

public static class SingleNodeHosting
{
    /// <summary>One node on the embedded default: localhost clustering, grain state and reminders in SQLite under <c>DataDir</c>.</summary>
    public static ISiloBuilder UseSingleNodeMode(this ISiloBuilder silo, PaasOptions options)
    {
        var paths = new DataPaths(options);
        paths.EnsureCreated();
        var connectionString = SqliteSchema.ConnectionStringFor(paths.Database);
        SqliteSchema.RegisterProvider();
        SqliteSchema.EnsureCreated(connectionString);

        // Keeps ClusterId/ServiceId "dev" as before: grain state rows are keyed by ServiceId, so
        // changing it would orphan an existing node's apps.
        silo.UseLocalhostClustering(siloPort: options.Cluster.SiloPort, gatewayPort: 0);
        silo.Configure<EndpointOptions>(o =>
        {
            // Nothing talks to this silo from outside the machine; no client gateway is opened.
            o.AdvertisedIPAddress = IPAddress.Loopback;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, options.Cluster.SiloPort);
            o.GatewayPort = 0;
            o.GatewayListeningEndpoint = null;
        });
        silo.AddPaasGrainStorage(SqliteSchema.AdoNetInvariant, connectionString);
        // Persisted, so a certificate's renewal reminder outlives a restart of the node.
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = SqliteSchema.AdoNetInvariant;
            o.ConnectionString = connectionString;
        });
        return silo;
    }
}
