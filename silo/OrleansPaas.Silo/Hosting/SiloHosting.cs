using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansPaas.Grains;
using OrleansPaas.Grains.Configuration;
using OrleansPaas.Grains.Storage;

namespace OrleansPaas.Silo.Hosting;

public static class SiloHosting
{
    /// <summary>
    /// One node on the embedded default: localhost clustering and grain state in SQLite under
    /// <c>DataDir</c>. The schema is applied before the silo starts.
    /// </summary>
    public static WebApplicationBuilder AddPaasSilo(this WebApplicationBuilder builder, PaasOptions options)
    {
        var paths = new DataPaths(options);
        paths.EnsureCreated();
        var connectionString = SqliteSchema.ConnectionStringFor(paths.Database);
        SqliteSchema.RegisterProvider();
        SqliteSchema.EnsureCreated(connectionString);

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: options.Cluster.SiloPort, gatewayPort: options.Cluster.GatewayPort);
            // Every silo is a node, named like it: node grains are placed by this name.
            silo.Configure<SiloOptions>(o => o.SiloName = options.NodeName);
            // Deploys, scaling and restarts wait for new instances to answer (up to the readiness
            // timeout each); Orleans' default 30 s call timeout would cut them off mid-way.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(15));
            silo.AddAdoNetGrainStorage(GrainStorage.Name, (OptionsBuilder<AdoNetGrainStorageOptions> storage) =>
                storage.Configure<Serializer>((o, serializer) =>
                {
                    o.Invariant = SqliteSchema.AdoNetInvariant;
                    o.ConnectionString = connectionString;
                    // Orleans' own version-tolerant binary format: the state types are [GenerateSerializer]
                    // records with immutable lists, which the JSON default cannot read back.
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
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
