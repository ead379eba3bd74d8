using Microsoft.Extensions.Options;
using Docker.DotNet.Models;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Configuration;
using OrleansPaas.Resources;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// The host side of every container of an app this node starts (<see cref="ContainerLimits.ForApp"/>):
/// the apps' network made sure of, the app's limits fitted to this node's cores, and its attachments
/// (volumes made and mounted, host directories, allowed capabilities and devices).
/// </summary>
public sealed class AppContainerHosts(DockerClientProvider docker, IOptions<PaasOptions> options, AppNetwork network, AppVolumes volumes)
{
    // The engine's core count does not change while it runs; asked once.
    private int _cpus;

    /// <summary><paramref name="resources"/> null (a request from a silo older than resource limits): the node's defaults.</summary>
    public async Task<HostConfig> ForAsync(AppName app, ContainerResources? resources, ContainerAttachments? attachments, CancellationToken cancellationToken)
    {
        await network.EnsureAsync(cancellationToken);
        if (_cpus == 0)
        {
            _cpus = (int)(await docker.Client.System.GetSystemInfoAsync(cancellationToken)).NCPU;
        }

        var deploy = options.Value.Deploy;
        var host = ContainerLimits.ForApp(deploy, resources ?? deploy.ResourcesFor(null), _cpus);
        if (attachments is null || attachments.IsEmpty)
        {
            return host;
        }

        await volumes.EnsureAsync(app, attachments.Mounts, cancellationToken);
        host.Binds = volumes.Binds(attachments.Mounts);
        // Checked against the allow-list when stored, and again here: a node never grants more.
        host.CapAdd = host.CapAdd.Union(attachments.Capabilities.Where(ExtraPrivileges.Capabilities.Contains)).ToList();
        host.Devices = attachments.Devices.Where(ExtraPrivileges.Devices.Contains)
            .Select(d => new DeviceMapping { PathOnHost = d, PathInContainer = d, CgroupPermissions = "rwm" }).ToList();
        return host;
    }
}
