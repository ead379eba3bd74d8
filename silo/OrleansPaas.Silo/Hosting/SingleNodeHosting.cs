using System.Net;
using Orleans.Configuration;
using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Credentials;
using OrleansPaas.Grains.Storage;

namespace OrleansPaas.Silo.Hosting;

public static class SingleNodeHosting
{
    /// <summary>
    /// One node on the embedded default: localhost clustering, grain state and reminders in SQLite
    /// under <c>DataDir</c>. The silo port is on loopback, but other users of the machine reach
    /// loopback too: it takes only connections with the node's own certificate (<see cref="SiloTls"/>),
    /// and the ids are the data folder's own, not Orleans' well-known development ones.
    /// </summary>
    public static ISiloBuilder UseSingleNodeMode(this ISiloBuilder silo, PaasOptions options, NodeCredential credential)
    {
        var paths = new DataPaths(options);
        paths.EnsureCreated();
        // Before the database is created: whether it already existed decides the ServiceId.
        var ids = SingleNodeIds.LoadOrCreate(paths);
        var connectionString = SqliteSchema.ConnectionStringFor(paths.Database);
        SqliteSchema.RegisterProvider();
        SqliteSchema.EnsureCreated(connectionString);

        silo.UseLocalhostClustering(siloPort: options.Cluster.SiloPort, gatewayPort: 0, serviceId: ids.ServiceId, clusterId: ids.ClusterId);
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
        silo.UseMutualTls(credential);
        return silo;
    }
}
