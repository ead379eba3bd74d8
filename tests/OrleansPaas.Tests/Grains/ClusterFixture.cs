using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansPaas.Grains;
using OrleansPaas.Grains.Build;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime.Images;
using OrleansPaas.NodeServices.Repositories;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Grains.Storage.Repositories;

namespace OrleansPaas.Tests.Grains;

/// <summary>An in-process Orleans cluster with the real grains and fake Docker parts.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    // The silo is built by TestingHost from a configurator type, so the fakes are shared statically.
    public static readonly FakeImageBuilder Builder = new();
    public static readonly FakeContainerRuntime Runtime = new();
    public static CountingGrainStorage? Storage { get; private set; }
    public static readonly FakeAppImages Images = new();
    public static readonly HeldServiceBackups ServiceBackups = new();
    public static readonly string DataDir = Path.Combine(Path.GetTempPath(), "paas-grain-tests-" + Guid.NewGuid().ToString("N"));

    public TestCluster Cluster { get; } = new TestClusterBuilder(1).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public async Task InitializeAsync()
    {
        await Cluster.DeployAsync();
        // Instances carry the node that runs them: the one silo of this cluster.
        Runtime.NodeName = Cluster.Primary!.Name;
        // No reconciler runs here; the route table's stored entries count as checked.
        await Cluster.GrainFactory.GetGrain<OrleansPaas.Routing.IRouteTableGrain>(0).ConfirmAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(GrainStorage.Name);
            // The same provider, counted (and able to fail a write) for the tests that look at what is written.
            siloBuilder.Services.AddGrainStorage(GrainStorage.Name, (services, name) => Storage ??= new CountingGrainStorage(MemoryGrainStorageFactory.Create(services, name)));
            // The same storage format as a real node, so reactivation tests read back what production would.
            siloBuilder.Services.AddOptions<MemoryGrainStorageOptions>(GrainStorage.Name)
                .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            siloBuilder.Services.Configure<PaasOptions>(o =>
            {
                o.DataDir = DataDir;
                o.Domain = "example.test";
                // Reconciliation is driven by the tests (ReconcileAsync), not by a timer.
                o.Supervision.Interval = TimeSpan.FromHours(1);
                // Small enough that a test reaches it (ReleaseLedgerTests); above any other test's release count.
                o.Releases.KeepRecords = 8;
                // A service the grain tests create runs for real, of the offline stand-in image.
                o.Services.Redis.Image = OrleansPaas.Tests.Support.StandInServiceContainer.RedisImage;
                o.Services.Postgres.Image = OrleansPaas.Tests.Support.StandInServiceContainer.PostgresImage;
            });
            siloBuilder.Services.AddSingleton(new DataPaths(new PaasOptions { DataDir = DataDir }));
            siloBuilder.Services.AddSingleton<IImageBuilder>(Builder);
            siloBuilder.Services.AddSingleton<IInstanceContainers>(Runtime);
            siloBuilder.Services.AddSingleton<IInstanceReadiness>(Runtime);
            siloBuilder.Services.AddSingleton<IContainerLogs>(Runtime);
            siloBuilder.Services.AddSingleton<IOneOffRuns>(Runtime);
            siloBuilder.Services.AddSingleton<OrleansPaas.NodeServices.Runtime.Images.IAppImages>(Images);
            // The node grain's parts by job, over the fakes above.
            siloBuilder.Services.AddPaasNodeWork();
            // Node grains read kept logs and memory samples through these; nothing here writes or samples
            // (their background services are not started), and the engine is only contacted if a test asks.
            siloBuilder.Services.AddSingleton<DockerClientProvider>();
            siloBuilder.Services.AddSingleton<OrleansPaas.Grains.Logs.KeptOutput>();
            siloBuilder.Services.AddSingleton<OrleansPaas.NodeServices.Telemetry.NodeStatsSampler>();
            siloBuilder.Services.AddSingleton<OrleansPaas.Grains.Tls.Acme.AcmeHttp>();
            siloBuilder.Services.AddSingleton<OrleansPaas.Grains.Tls.Acme.CertificateIssuer>();
            siloBuilder.UseInMemoryReminderService();
            // A reminder a test writes to the table (as an older version registered it) fires within seconds, not minutes.
            siloBuilder.Services.Configure<Orleans.Hosting.ReminderOptions>(o => o.RefreshReminderListPeriod = TimeSpan.FromSeconds(1));
            // One fake node holds every image, so nothing is ever fetched from another.
            siloBuilder.Services.AddSingleton<INodeImageSource, NoOtherNodes>();
            siloBuilder.Services.AddSingleton<OrleansPaas.NodeServices.Runtime.INodeVolumeSource, NoOtherNodes>();
            siloBuilder.Services.AddPaasNodes();
            siloBuilder.Services.AddSingleton<IRepositoryStore, LocalOnlyRepositoryStore>();
            siloBuilder.Services.AddSingleton<OrleansPaas.NodeServices.Services.ServiceContainers>();
            siloBuilder.Services.AddSingleton<OrleansPaas.NodeServices.Services.IServiceNetworks, OrleansPaas.Grains.Services.ServiceNetworkJoiner>();
            siloBuilder.Services.AddSingleton<OrleansPaas.Grains.BackupSchedules.IScheduledBackupRunner, OrleansPaas.Grains.Services.Backups.ScheduledBackupRunner>();
            // After AddPaasNodes: the last registration is the one resolved.
            siloBuilder.Services.AddSingleton<OrleansPaas.NodeServices.Services.Backups.IServiceBackups>(ServiceBackups);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>The grain tests' cluster has one node: there is nowhere to fetch an image or a volume from.</summary>
public sealed class NoOtherNodes : INodeImageSource, OrleansPaas.NodeServices.Runtime.INodeVolumeSource
{
    public Task<string?> FetchAsync(string sourceNode, string image, CancellationToken cancellationToken) =>
        Task.FromResult<string?>("the test cluster has no other node");

    public Task<OrleansPaas.Nodes.VolumeCopyResult> FetchAsync(string sourceNode, OrleansPaas.Apps.AppName app, string volume, string image,
        Action<long> progress, CancellationToken cancellationToken) =>
        Task.FromResult(new OrleansPaas.Nodes.VolumeCopyResult("the test cluster has no other node", 0, TimeSpan.Zero));
}
