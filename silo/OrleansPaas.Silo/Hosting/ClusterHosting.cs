using System.Net;
using Orleans.Configuration;
using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Credentials;
using OrleansPaas.Grains.Fencing;
using OrleansPaas.Grains.Storage;

namespace OrleansPaas.Silo.Hosting;

public static class ClusterHosting
{
    /// <summary>
    /// A member of a cluster on PostgreSQL: membership, grain state and reminders through the
    /// ADO.NET providers, silo-to-silo traffic over mutual TLS with the cluster certificate (<see cref="SiloTls"/>).
    /// <see cref="ClusterPreflight"/> has already checked the settings and applied the schema.
    /// </summary>
    public static ISiloBuilder UseClusterMode(this ISiloBuilder silo, PaasOptions options, NodeCredential credential)
    {
        var cluster = options.Cluster;
        var connectionString = cluster.PostgresConnectionString!;

        silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ClusterId;
        });
        silo.Configure<EndpointOptions>(o =>
        {
            // Other nodes dial the advertised address; the listener takes every interface so
            // the node need not know which one that address arrives on.
            o.AdvertisedIPAddress = IPAddress.Parse(options.NodeAddress);
            o.SiloPort = cluster.SiloPort;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.SiloPort);
            // Orleans clients are never used: no client gateway listener at all.
            o.GatewayPort = 0;
            o.GatewayListeningEndpoint = null;
        });
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // A node whose machine goes silent (power lost, link cut, VM frozen) closes no connection.
            // Orleans holds back every vote against a node it heard from within MaxProbeTimeout times
            // the missed-probe limit: by default 4 x 5 s x 3 = 60 s, so such a node was declared dead
            // only after 60-70 s. Twice the probe timeout keeps the probe's extension on a loaded
            // machine and the hold against a node that answered lately, and declares a silent
            // machine dead in about 30-45 s (measured in NetworkPartitionTests).
            o.MaxProbeTimeout = o.ProbeTimeout * 2;
        });
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresSchema.AdoNetInvariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresSchema.AdoNetInvariant;
            o.ConnectionString = connectionString;
        });
        silo.AddPaasGrainStorage(PostgresSchema.AdoNetInvariant, connectionString);
        silo.Services.AddHostedService<ClusterModeAnnouncement>();
        // Nodes that join later are fenced from this node's apps too (Paas:Deploy:Firewall).
        silo.Services.AddHostedService<AppFirewallRefresh>();
        // A node cut off for longer than the partition bound stops its workers (Paas:Cluster:PartitionBound).
        silo.Services.AddPaasFencing();
        silo.UseMutualTls(credential);
        return silo;
    }
}
