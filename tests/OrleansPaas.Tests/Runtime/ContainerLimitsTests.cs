using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Resources;

namespace OrleansPaas.Tests.Runtime;

/// <summary>What an app's containers are created with (the end-to-end ContainmentTests read it back from the engine).</summary>
public class ContainerLimitsTests
{
    private static readonly ContainerResources Half = new(CpuAmount.NanosPerCore / 2, 256L << 20);

    [Fact]
    public void ForApp_GivesCpuMemoryPidsNoNewPrivilegesAndDropsAllButTheKeptCapabilities()
    {
        var host = ContainerLimits.ForApp(new DeployOptions(), Half, nodeCpus: 2);

        Assert.Equal(500_000_000L, host.NanoCPUs);
        Assert.Equal(256L << 20, host.Memory);
        Assert.Equal(512L, host.PidsLimit);
        Assert.Contains("no-new-privileges", host.SecurityOpt);
        Assert.Equal(["ALL"], host.CapDrop);
        Assert.Contains("NET_BIND_SERVICE", host.CapAdd);
        Assert.DoesNotContain("NET_RAW", host.CapAdd);
        Assert.Equal("paas", host.NetworkMode);
        Assert.Null(host.StorageOpt);
    }

    [Fact]
    public void ForApp_MoreCoresThanTheNodeHas_GetsTheNodesCores()
    {
        var host = ContainerLimits.ForApp(new DeployOptions(), Half with { NanoCpus = 4 * CpuAmount.NanosPerCore }, nodeCpus: 2);

        Assert.Equal(2 * CpuAmount.NanosPerCore, host.NanoCPUs);
    }

    [Fact]
    public void ForApp_ConfiguredCapabilitiesAndDiskLimit_AreWhatTheContainerGets()
    {
        var deploy = new DeployOptions { Capabilities = ["NET_BIND_SERVICE"], DiskLimit = "2g" };

        var host = ContainerLimits.ForApp(deploy, Half, nodeCpus: 2);

        Assert.Equal(["NET_BIND_SERVICE"], host.CapAdd);
        Assert.Equal((2L << 30).ToString(), host.StorageOpt["size"]);
    }

    [Fact]
    public void ResourcesFor_AppValuesWinOverTheDefaults()
    {
        var deploy = new DeployOptions { CpuLimit = 1.5m, MemoryLimitMiB = 300 };

        Assert.Equal(new ContainerResources(1_500_000_000L, 300L << 20), deploy.ResourcesFor(null));
        Assert.Equal(new ContainerResources(1_500_000_000L, 64L << 20), deploy.ResourcesFor(new ResourceLimits(null, 64L << 20)));
        Assert.Equal(new ContainerResources(250_000_000L, 300L << 20), deploy.ResourcesFor(new ResourceLimits(250_000_000L, null)));
    }
}
