using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Nodes;
using OrleansPaas.NodeServices.Services;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// Runs app instances on this node's Docker engine. Ports are published on <c>Paas:NodeAddress</c>
/// only (<see cref="ContainerAddresses.Publish"/>).
/// </summary>
public sealed class DockerInstanceContainers(DockerClientProvider docker, IOptions<PaasOptions> options, AppContainerHosts hosts, IServiceNetworks services,
    HostPathCheck hostPaths) : IInstanceContainers
{
    private IDockerClient Client => docker.Client;

    public async Task<InstanceInfo> StartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var publishAddress = ContainerAddresses.Publish(settings);
        var hostPort = spec.ReceivesTraffic ? HostPortAllocator.Allocate(publishAddress) : 0;
        var name = $"paas-{spec.App.Value}-{spec.Process}.{spec.Index}-v{spec.ReleaseVersion}-{Guid.NewGuid().ToString("N")[..6]}";
        var host = await hosts.ForAsync(spec.App, spec.Resources, spec.Attachments, cancellationToken);
        var bindings = PublishedPorts.Bindings(spec, publishAddress, hostPort, PublishedPorts.PublicAddress(settings));
        host.PortBindings = bindings.Count == 0 ? null : bindings;
        // No engine restarts: the platform supervises instances itself (Docker events), so it
        // can take a dead instance out of the routes first and back off on a crash loop.
        host.RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No };
        var created = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = spec.Image,
            Cmd = spec.Command?.ToList(),
            Env = spec.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            ExposedPorts = bindings.Count == 0 ? null : bindings.Keys.ToDictionary(k => k, _ => default(EmptyStruct)),
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
            await services.JoinAsync(spec.App, created.ID, cancellationToken);
            await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        }
        catch (Exception)
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
        catch (DockerApiException ex) when (ContainerGone.Says(ex.StatusCode, ex.ResponseBody))
        {
            // Another caller is removing it (a retirement, a reconciliation): the container goes all the same.
        }
    }

    public Task StopKeepingAsync(string containerId, CancellationToken cancellationToken) =>
        StopKeepingAsync(containerId, options.Value.Deploy.StopTimeout, cancellationToken);

    public Task StopKeepingAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken) =>
        StopAsync(containerId, grace, cancellationToken);

    private Task StopAsync(string containerId, CancellationToken cancellationToken) =>
        StopAsync(containerId, options.Value.Deploy.StopTimeout, cancellationToken);

    /// <summary>Every stop of an instance: one already gone, or being removed by another caller (a destroy racing a retirement), counts as stopped.</summary>
    private async Task StopAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Containers.StopContainerAsync(containerId, new ContainerStopParameters
            {
                WaitBeforeKillSeconds = (uint)grace.TotalSeconds,
            }, cancellationToken);
        }
        catch (DockerApiException ex) when (ContainerGone.Says(ex.StatusCode, ex.ResponseBody))
        {
        }
    }

    /// <summary>
    /// A host directory the container mounts no longer leads where it did when the container was made
    /// (its binds hold the path with links followed, so any link found in it now was put there since),
    /// or is refused now.
    /// </summary>
    private async Task<bool> HostDirectoryMovedAsync(string containerId, CancellationToken cancellationToken)
    {
        var container = await Client.Containers.InspectContainerAsync(containerId, cancellationToken);
        return (container.HostConfig?.Binds ?? []).Select(bind => bind.Split(':')[0]).Where(source => source.StartsWith('/'))
            .Any(source => hostPaths.Check(source, out var resolved) is not null || resolved != source);
    }

    public async Task<InstanceInfo?> ResumeAsync(InstanceInfo parked, CancellationToken cancellationToken)
    {
        try
        {
            if (await HostDirectoryMovedAsync(parked.ContainerId, cancellationToken))
            {
                // The engine would follow a link put in a mounted directory's place since the container was
                // made: a new container takes its place, and its creation checks the path again.
                await StopAndRemoveAsync(parked.ContainerId, CancellationToken.None);
                return null;
            }

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
