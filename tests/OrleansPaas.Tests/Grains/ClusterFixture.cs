using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansPaas.Grains;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Configuration;
using OrleansPaas.Grains.Runtime;
using OrleansPaas.Grains.Storage.Repositories;

namespace OrleansPaas.Tests.Grains;

/// <summary>An in-process Orleans cluster with the real grains and fake Docker parts.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    // The silo is built by TestingHost from a configurator type, so the fakes are shared statically.
    public static readonly FakeImageBuilder Builder = new();
    public static readonly FakeContainerRuntime Runtime = new();
    public static readonly string DataDir = Path.Combine(Path.GetTempPath(), "paas-grain-tests-" + Guid.NewGuid().ToString("N"));

    public TestCluster Cluster { get; } = new TestClusterBuilder(1).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public Task InitializeAsync() => Cluster.DeployAsync();

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
            // The same storage format as a real node, so reactivation tests read back what production would.
            siloBuilder.Services.AddOptions<MemoryGrainStorageOptions>(GrainStorage.Name)
                .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            siloBuilder.Services.Configure<PaasOptions>(o =>
            {
                o.DataDir = DataDir;
                o.Domain = "example.test";
            });
            siloBuilder.Services.AddSingleton(new DataPaths(new PaasOptions { DataDir = DataDir }));
            siloBuilder.Services.AddSingleton<IImageBuilder>(Builder);
            siloBuilder.Services.AddSingleton<IContainerRuntime>(Runtime);
            siloBuilder.Services.AddSingleton<IRepositoryStore, LocalOnlyRepositoryStore>();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
