using Docker.DotNet.Models;
using OrleansPaas.Configuration;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// What every container the platform starts for an app gets (instances, one-off and release-phase
/// runs, buildpack builders): a memory and PIDs limit, rotated logs, no privilege gain through
/// setuid binaries, and an init as PID 1 (forwards SIGTERM, reaps zombies).
/// </summary>
public static class ContainerLimits
{
    public static HostConfig For(DeployOptions deploy, int memoryLimitMiB, long pidsLimit) => new()
    {
        Memory = memoryLimitMiB * 1024L * 1024L,
        PidsLimit = pidsLimit,
        Init = true,
        SecurityOpt = ["no-new-privileges"],
        LogConfig = new LogConfig
        {
            Type = "json-file",
            Config = new Dictionary<string, string> { ["max-size"] = deploy.LogMaxSize, ["max-file"] = deploy.LogMaxFiles.ToString() },
        },
    };

    /// <summary>An app's own containers also run on the platform's network, apart from other apps.</summary>
    public static HostConfig ForApp(DeployOptions deploy, int memoryLimitMiB)
    {
        var config = For(deploy, memoryLimitMiB, deploy.PidsLimit);
        config.NetworkMode = deploy.Network;
        return config;
    }
}
