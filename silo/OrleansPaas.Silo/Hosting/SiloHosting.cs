using Orleans.Configuration;
using OrleansPaas.Grains.Configuration;

namespace OrleansPaas.Silo.Hosting;

public static class SiloHosting
{
    /// <summary>
    /// The node's Orleans silo: one node on SQLite under <c>DataDir</c> by default, a member of a
    /// PostgreSQL cluster when <c>Paas:Cluster:PostgresConnectionString</c> is set. The schema is
    /// applied before the silo starts (for a cluster, by <see cref="ClusterPreflight"/>).
    /// </summary>
    public static WebApplicationBuilder AddPaasSilo(this WebApplicationBuilder builder, PaasOptions options)
    {
        builder.UseOrleans(silo =>
        {
            // Other parts (placement, the membership view) find a node's silo by this name.
            silo.Configure<SiloOptions>(o => o.SiloName = options.NodeName);
            // Deploys, scaling and restarts wait for new instances to answer (up to the readiness
            // timeout each); Orleans' default 30 s call timeout would cut them off mid-way.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(15));
            // Where grains live is cached per silo; the default room (a million entries) is
            // allocated up front, about 9 MiB of an idle node. A platform has a few grains per app.
            silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = 10_000);
            if (options.Cluster.IsClusterMode)
            {
                silo.UseClusterMode(options);
            }
            else
            {
                silo.UseSingleNodeMode(options);
            }
        });
        return builder;
    }

    /// <summary>The control port serves git (and later the API); the gateway has its own server.</summary>
    public static WebApplicationBuilder UseControlUrls(this WebApplicationBuilder builder, PaasOptions options)
    {
        builder.WebHost.UseUrls(options.ControlUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return builder;
    }

    public static PaasOptions ReadPaasOptions(this WebApplicationBuilder builder) =>
        builder.Configuration.GetSection(PaasOptions.SectionName).Get<PaasOptions>() ?? new PaasOptions();
}
