using Docker.DotNet.Models;
using OrleansPaas.Configuration;
using OrleansPaas.Resources;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// What every container the platform starts for an app gets (instances, one-off and release-phase
/// runs, buildpack builders): a memory and PIDs limit, rotated logs, no privilege gain through
/// setuid binaries, and an init as PID 1 (forwards SIGTERM, reaps zombies).
/// </summary>
public static class ContainerLimits
{
    public static HostConfig For(DeployOptions deploy, int memoryLimitMiB, long pidsLimit) => For(deploy, memoryLimitMiB * 1024L * 1024L, pidsLimit);

    private static HostConfig For(DeployOptions deploy, long memoryBytes, long pidsLimit) => new()
    {
        Memory = memoryBytes,
        PidsLimit = pidsLimit,
        Init = true,
        SecurityOpt = ["no-new-privileges"],
        LogConfig = new LogConfig
        {
            Type = "json-file",
            Config = new Dictionary<string, string> { ["max-size"] = deploy.LogMaxSize, ["max-file"] = deploy.LogMaxFiles.ToString() },
        },
    };

    /// <summary>
    /// An app's own containers (web, worker, release, one-off) also get their CPU share, at most the
    /// node's <paramref name="nodeCpus"/> (the engine refuses more); keep only the capabilities
    /// ordinary apps need; are bounded on disk where the operator says the engine can; and run on
    /// the platform's network, apart from other apps.
    /// </summary>
    public static HostConfig ForApp(DeployOptions deploy, ContainerResources resources, int nodeCpus)
    {
        var config = Contained(deploy, resources.MemoryBytes, resources.NanoCpus, nodeCpus);
        if (deploy.DiskLimit is { } disk && MemorySize.TryParse(disk, out var diskBytes) is null)
        {
            config.StorageOpt = new Dictionary<string, string> { ["size"] = diskBytes.ToString() };
        }

        config.NetworkMode = deploy.Network;
        return config;
    }

    /// <summary>
    /// A backing service's container (<c>services:create</c>): the same memory, PIDs, CPU, capability
    /// and log bounds as an app's, on the service's own network instead of the apps'.
    /// </summary>
    public static HostConfig ForService(DeployOptions deploy, long memoryBytes, long nanoCpus, int nodeCpus, string network)
    {
        var config = Contained(deploy, memoryBytes, nanoCpus, nodeCpus);
        config.NetworkMode = network;
        return config;
    }

    private static HostConfig Contained(DeployOptions deploy, long memoryBytes, long nanoCpus, int nodeCpus)
    {
        var config = For(deploy, memoryBytes, deploy.PidsLimit);
        config.NanoCPUs = nodeCpus > 0 ? Math.Min(nanoCpus, nodeCpus * CpuAmount.NanosPerCore) : nanoCpus;
        config.CapDrop = ["ALL"];
        config.CapAdd = deploy.EffectiveCapabilities.ToList();
        return config;
    }
}
