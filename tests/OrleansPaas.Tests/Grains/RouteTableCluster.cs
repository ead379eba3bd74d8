using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;
using OrleansPaas.Grains;
using OrleansPaas.NodeServices.Cluster;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// A one-silo cluster of its own for the route table's reactivation tests: they deactivate the table and
/// break its storage, which the shared cluster's other tests must not see.
/// </summary>
public sealed class RouteTableCluster : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(1).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddGrainStorage(GrainStorage.Name, (services, _) => new FlakyGrainStorage(services.GetRequiredService<Serializer>()));
            siloBuilder.Services.AddSingleton<ClusterNodes>();
        }
    }
}
