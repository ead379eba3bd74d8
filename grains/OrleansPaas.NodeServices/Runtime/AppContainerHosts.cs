using Microsoft.Extensions.Options;
using Docker.DotNet.Models;
using OrleansPaas.Configuration;
using OrleansPaas.Resources;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// The host side of every container of an app this node starts (<see cref="ContainerLimits.ForApp"/>):
/// the apps' network made sure of, and the app's limits fitted to this node's cores.
/// </summary>
public sealed class AppContainerHosts(DockerClientProvider docker, IOptions<PaasOptions> options, AppNetwork network)
{
    // The engine's core count does not change while it runs; asked once.
    private int _cpus;

    /// <summary><paramref name="resources"/> null (a request from a silo older than resource limits): the node's defaults.</summary>
    public async Task<HostConfig> ForAsync(ContainerResources? resources, CancellationToken cancellationToken)
    {
        await network.EnsureAsync(cancellationToken);
        if (_cpus == 0)
        {
            _cpus = (int)(await docker.Client.System.GetSystemInfoAsync(cancellationToken)).NCPU;
        }

        var deploy = options.Value.Deploy;
        return ContainerLimits.ForApp(deploy, resources ?? deploy.ResourcesFor(null), _cpus);
    }
}
