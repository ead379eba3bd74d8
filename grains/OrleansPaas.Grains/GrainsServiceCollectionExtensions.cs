using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansPaas.Grains.Backup;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Build.Buildpacks;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Nodes;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Grains.Storage.Repositories;
using OrleansPaas.NodeServices.Backup;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Repositories;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Runtime.Events;
using OrleansPaas.NodeServices.Runtime.Images;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.NodeServices.Services.Transfers;
using OrleansPaas.NodeServices.Telemetry;

namespace OrleansPaas.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>Nodes as the grains see them: the live-node list and the placement that keeps a node grain on its node.</summary>
    public static IServiceCollection AddPaasNodes(this IServiceCollection services)
    {
        services.AddSingleton<ClusterNodes>();
        services.AddMetrics();
        services.AddSingleton<PaasMetrics>();
        services.AddPlacementDirector<NodePlacementStrategy, NodePlacementDirector>();
        return services;
    }

    /// <summary>The node grain's parts by job (the grain is a facade over them), over the engine's parts registered apart.</summary>
    public static IServiceCollection AddPaasNodeWork(this IServiceCollection services)
    {
        services.AddSingleton<NodeInstances>();
        // Held only by a cluster node's self-fencing; a single node never sets it.
        services.AddSingleton<OrleansPaas.Grains.Fencing.FenceHold>();
        services.AddSingleton<NodeImages>();
        services.AddSingleton<NodeBuilds>();
        services.AddSingleton<NodeRuns>();
        services.AddSingleton<NodeAppRemoval>();
        services.AddSingleton<Logs.KeptOutputReader>();
        services.AddSingleton<HostPathCheck>();
        services.AddSingleton<VolumeArchives>();
        services.AddSingleton<VolumeUsers>();
        services.AddSingleton<VolumeCopies>();
        return services;
    }

    /// <summary>What a node needs: its Docker engine and builders (driven by its node grain), node placement, and supervision.</summary>
    public static IServiceCollection AddPaasRuntime(this IServiceCollection services)
    {
        services.AddSingleton<DockerClientProvider>();
        services.AddSingleton<ReadinessProbe>();
        services.AddSingleton<IInstanceContainers, DockerInstanceContainers>();
        services.AddSingleton<IInstanceReadiness, DockerInstanceReadiness>();
        services.AddSingleton<IContainerLogs, DockerContainerLogs>();
        services.AddSingleton<IAppImages, DockerAppImages>();
        services.AddPaasNodeWork();
        services.AddSingleton<DockerfileBuilder>();
        services.AddSingleton<BuildpackFetcher>();
        services.AddSingleton<BuildpackBuilder>();
        services.AddSingleton<IImageBuilder, SourceBuilder>();
        services.AddSingleton<Logs.KeptOutput>();
        services.AddHostedService<Logs.OutputKeeper>();
        services.AddSingleton<OrleansPaas.Grains.Tls.Acme.AcmeHttp>();
        services.AddSingleton<OrleansPaas.Grains.Tls.Acme.CertificateIssuer>();
        services.AddSingleton<OneOffRunner>();
        services.AddSingleton<IOneOffRuns>(sp => sp.GetRequiredService<OneOffRunner>());
        services.AddSingleton<NodeStatsSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeStatsSampler>());
        services.AddSingleton<AppNetwork>();
        services.AddSingleton<AppVolumes>();
        services.AddSingleton<AppContainerHosts>();
        services.AddSingleton<OrleansPaas.NodeServices.Services.ServiceContainers>();
        services.AddSingleton<OrleansPaas.NodeServices.Services.IServiceNetworks, Services.ServiceNetworkJoiner>();
        services.AddHostedService<Services.ServiceKeeper>();
        services.AddPaasRepositoryStore();
        services.AddSingleton<IPlatformBackup, PlatformBackup>();
        services.AddPaasServiceBackups();
        services.AddPaasServiceTransfers();
        services.AddSingleton<BackupSchedules.IScheduledBackupRunner, Services.Backups.ScheduledBackupRunner>();
        services.AddPaasNodes();
        services.AddHostedService<ReconcilerKeeper>();
        services.AddHostedService<InstanceExitWatcher>();
        // Last, so that every subscriber above has subscribed before the one event stream starts.
        services.AddSingleton<DockerEventStream>();
        services.AddHostedService(sp => sp.GetRequiredService<DockerEventStream>());
        return services;
    }

    /// <summary>
    /// Where app repositories are kept beyond this node: PostgreSQL in multi-node mode, nowhere
    /// else on a single node (the local disk stays the truth, unchanged).
    /// </summary>
    public static IServiceCollection AddPaasRepositoryStore(this IServiceCollection services)
    {
        services.AddSingleton<IRepositoryStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PaasOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.Cluster.PostgresConnectionString)
                ? new LocalOnlyRepositoryStore()
                : new PostgresRepositoryStore(options.Cluster.PostgresConnectionString, sp.GetRequiredService<DataPaths>().Scratch);
        });
        return services;
    }
}
