using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Nodes;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// Runs app instances on this node's Docker engine. Ports are published on <c>Paas:NodeAddress</c>
/// only (<see cref="ContainerAddresses.Publish"/>).
/// </summary>
public sealed class DockerInstanceContainers(DockerClientProvider docker, IOptions<PaasOptions> options, AppContainerHosts hosts) : IInstanceContainers
{
    private IDockerClient Client => docker.Client;

    public async Task<InstanceInfo> StartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var publishAddress = ContainerAddresses.Publish(settings);
        var hostPort = spec.ReceivesTraffic ? HostPortAllocator.Allocate(publishAddress) : 0;
        var portKey = $"{spec.Port}/tcp";
        var name = $"paas-{spec.App.Value}-{spec.Process}.{spec.Index}-v{spec.ReleaseVersion}-{Guid.NewGuid().ToString("N")[..6]}";
        var host = await hosts.ForAsync(spec.Resources, cancellationToken);
        host.PortBindings = spec.ReceivesTraffic
            ? new Dictionary<string, IList<PortBinding>>
            {
                [portKey] = [new PortBinding { HostIP = publishAddress.ToString(), HostPort = hostPort.ToString() }],
            }
            : null;
        // No engine restarts: the platform supervises instances itself (Docker events), so it
        // can take a dead instance out of the routes first and back off on a crash loop.
        host.RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No };
        var created = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = spec.Image,
            Cmd = spec.Command?.ToList(),
            Env = spec.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            ExposedPorts = spec.ReceivesTraffic ? new Dictionary<string, EmptyStruct> { [portKey] = default } : null,
            Labels = new Dictionary<string, string>
            {
                [ContainerLabels.App] = spec.App.Value,
                [ContainerLabels.Process] = spec.Process,
                [ContainerLabels.Release] = $"v{spec.ReleaseVersion}",
                [ContainerLabels.Node] = settings.NodeName,
                [ContainerLabels.Index] = spec.Index.ToString(),
            },
            HostConfig = host,
        }, cancellationToken);

        try
        {
            await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        }
        catch (DockerApiException)
        {
            // Created but not started (e.g. the port was taken meanwhile): leave nothing behind.
            await Client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            throw;
        }

        // The bridge address lets this node's gateway skip Docker's userland proxy (issue 9's data path).
        var started = spec.ReceivesTraffic ? await Client.Containers.InspectContainerAsync(created.ID, cancellationToken) : null;
        var containerAddress = ContainerAddresses.Bridge(started?.NetworkSettings?.Networks);
        return new InstanceInfo(created.ID, spec.Process, spec.ReleaseVersion, publishAddress.ToString(), hostPort, spec.Index, settings.NodeName,
            containerAddress is null ? null : $"{containerAddress}:{spec.Port}");
    }

    public async Task<IReadOnlyList<NodeInstance>> ListNodeInstancesAsync(AppName? app, CancellationToken cancellationToken)
    {
        var node = options.Value.NodeName;
        var labels = new Dictionary<string, bool> { [$"{ContainerLabels.Node}={node}"] = true };
        if (app is { } one)
        {
            labels[$"{ContainerLabels.App}={one.Value}"] = true;
        }

        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels },
        }, cancellationToken);
        var publishAddress = ContainerAddresses.Publish(options.Value).ToString();
        return containers.Where(ListedInstance.IsInstance).Select(c => ListedInstance.From(c, node, publishAddress)).ToList();
    }

    public async Task StopAndRemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await StopAsync(containerId, cancellationToken);
            await Client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    public Task StopKeepingAsync(string containerId, CancellationToken cancellationToken) =>
        StopKeepingAsync(containerId, options.Value.Deploy.StopTimeout, cancellationToken);

    public async Task StopKeepingAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await StopAsync(containerId, grace, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    private Task StopAsync(string containerId, CancellationToken cancellationToken) =>
        StopAsync(containerId, options.Value.Deploy.StopTimeout, cancellationToken);

    private Task StopAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken) =>
        Client.Containers.StopContainerAsync(containerId, new ContainerStopParameters
        {
            WaitBeforeKillSeconds = (uint)grace.TotalSeconds,
        }, cancellationToken);

    public async Task<InstanceInfo?> ResumeAsync(InstanceInfo parked, CancellationToken cancellationToken)
    {
        try
        {
            // False when it runs already (a node that died while the app went to sleep): just as good.
            await Client.Containers.StartContainerAsync(parked.ContainerId, new ContainerStartParameters(), cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException)
        {
            // Cannot start (e.g. its host port is someone else's now): a new container takes its place.
            await StopAndRemoveAsync(parked.ContainerId, CancellationToken.None);
            return null;
        }

        if (parked.Port == 0)
        {
            return parked;
        }

        var started = await Client.Containers.InspectContainerAsync(parked.ContainerId, cancellationToken);
        var containerAddress = ContainerAddresses.Bridge(started.NetworkSettings?.Networks);
        var containerPort = parked.ContainerEndpoint?[(parked.ContainerEndpoint.LastIndexOf(':') + 1)..];
        return parked with { ContainerEndpoint = containerAddress is null || containerPort is null ? null : $"{containerAddress}:{containerPort}" };
    }

    public async Task<(long MemoryBytes, int Cpus)> GetCapacityAsync(CancellationToken cancellationToken)
    {
        var info = await Client.System.GetSystemInfoAsync(cancellationToken);
        return (info.MemTotal, (int)info.NCPU);
    }
}
