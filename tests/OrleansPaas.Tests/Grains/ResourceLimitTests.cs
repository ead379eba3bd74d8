using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Resources;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Grains;

/// <summary><c>resource:limit</c> and <c>resource:limit-clear</c> on the real grain with fake Docker parts (2 cores, Paas:Deploy defaults: 1 core, 512 MiB).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ResourceLimitTests(ClusterFixture fixture)
{
    private const long HalfCore = CpuAmount.NanosPerCore / 2;
    private const long Mib256 = 256L << 20;
    private static readonly ContainerResources Defaults = new(CpuAmount.NanosPerCore, 512L << 20);

    private TestCluster Cluster => fixture.Cluster;
    private FakeContainerRuntime Runtime => ClusterFixture.Runtime;

    [Fact]
    public async Task Deploy_WithoutLimits_StartsInstancesWithTheDefaults()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "limits-default");

        var instance = Assert.Single((await app.GetInfoAsync()).Instances);
        Assert.Equal(Defaults, Runtime.Limits[instance.ContainerId]);
    }

    [Fact]
    public async Task SetLimits_RunningApp_RestartsOntoThemWithoutANewRelease()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "limits-set");
        var before = Assert.Single((await app.GetInfoAsync()).Instances);

        var result = await app.SetResourceLimitsAsync(new ResourceLimits(HalfCore, Mib256));

        Assert.True(result.Succeeded, result.Error);
        var instance = Assert.Single(result.App!.Instances);
        Assert.NotEqual(before.ContainerId, instance.ContainerId);
        Assert.Equal(new ContainerResources(HalfCore, Mib256), Runtime.Limits[instance.ContainerId]);
        Assert.Equal(new ResourceLimits(HalfCore, Mib256), result.App.Resources);
        Assert.Equal(1, result.App.CurrentRelease!.Version);
        Assert.Single(result.App.Releases);
        // One-off and release-phase runs get the same limits.
        Assert.Equal(new ContainerResources(HalfCore, Mib256), (await app.GetRunSpecAsync())!.Resources);
        await Poll.UntilAsync(() => Task.FromResult(!Runtime.Running.ContainsKey(before.ContainerId)), TimeSpan.FromSeconds(20), "the old instance to retire");

        // Memory alone keeps the CPU share set before; clearing goes back to the defaults.
        var memoryOnly = await app.SetResourceLimitsAsync(new ResourceLimits(null, 128L << 20));
        Assert.Equal(new ContainerResources(HalfCore, 128L << 20), Runtime.Limits[Assert.Single(memoryOnly.App!.Instances).ContainerId]);
        var cleared = await app.ClearResourceLimitsAsync();
        Assert.True(cleared.Succeeded, cleared.Error);
        Assert.Equal(Defaults, Runtime.Limits[Assert.Single(cleared.App!.Instances).ContainerId]);
        Assert.Equal(ResourceLimits.None, cleared.App.Resources);
    }

    [Theory]
    [InlineData(3 * CpuAmount.NanosPerCore, null, "cpu")]
    [InlineData(CpuAmount.NanosPerCore / 1000, null, "cpu")]
    [InlineData(null, 1L << 20, "memory")]
    [InlineData(null, null, "limits")]
    public async Task SetLimits_Invalid_IsRefusedNamingTheFieldAndChangesNothing(long? nanoCpus, long? memoryBytes, string field)
    {
        var app = await DeployedApps.DeployAsync(Cluster, $"limits-bad-{field}-{Guid.NewGuid().ToString("N")[..8]}");
        var before = Assert.Single((await app.GetInfoAsync()).Instances);

        var result = await app.SetResourceLimitsAsync(new ResourceLimits(nanoCpus, memoryBytes));

        Assert.Equal((AppCommandStatus.Invalid, field), (result.Status, result.Field));
        Assert.DoesNotContain("\n", result.Error!, StringComparison.Ordinal);
        var info = await app.GetInfoAsync();
        Assert.Equal(ResourceLimits.None, info.Resources);
        Assert.Equal(before.ContainerId, Assert.Single(info.Instances).ContainerId);
    }

    [Fact]
    public async Task SetLimits_WhoseInstancesNeverAnswer_KeepsTheOldLimits()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "limits-failed");
        Runtime.FailingStarts["limits-failed"] = "no answer";
        try
        {
            var result = await app.SetResourceLimitsAsync(new ResourceLimits(HalfCore, null));
            Assert.Equal(AppCommandStatus.Failed, result.Status);
        }
        finally
        {
            Runtime.FailingStarts.TryRemove("limits-failed", out _);
        }

        Assert.Equal(ResourceLimits.None, (await app.GetInfoAsync()).Resources);
        var restarted = await app.RestartAsync();
        Assert.Equal(Defaults, Runtime.Limits[Assert.Single(restarted.App!.Instances).ContainerId]);
    }

    [Fact]
    public async Task SetLimits_StoppedApp_IsStoredAndTheNextStartUsesIt()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "limits-stopped");
        await app.StopAsync();

        var result = await app.SetResourceLimitsAsync(new ResourceLimits(HalfCore, Mib256));

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.App!.Instances);
        var started = await app.StartAsync();
        Assert.Equal(new ContainerResources(HalfCore, Mib256), Runtime.Limits[Assert.Single(started.App!.Instances).ContainerId]);
    }

    [Fact]
    public async Task SetLimits_UnknownApp_IsNotFound()
    {
        var result = await Cluster.GrainFactory.GetGrain<IAppGrain>("limits-nobody").SetResourceLimitsAsync(new ResourceLimits(HalfCore, null));

        Assert.Equal(AppCommandStatus.NotFound, result.Status);
    }
}
