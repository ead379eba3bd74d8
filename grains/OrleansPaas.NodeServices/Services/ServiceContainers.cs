using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Services;

namespace OrleansPaas.NodeServices.Services;

/// <summary>
/// Services' containers on this node's engine. Each service has a named volume (its data, kept
/// across restarts and re-creations of the container) and a network of its own that only its linked
/// apps' containers join. The network is internal (no way out) and its bridge has no address on the
/// host, so a container on it reaches the service and nothing of the node through it.
/// </summary>
public sealed class ServiceContainers(DockerClientProvider docker, IOptions<PaasOptions> options)
{
    /// <summary>Time a server has to shut down (flushing its data) when its container is made again.</summary>
    private const uint StopGraceSeconds = 30;

    private int _cpus;

    private IDockerClient Client => docker.Client;

    /// <summary>Null when the service's container runs (created or started now), else why not.</summary>
    public async Task<string?> EnsureRunningAsync(ServiceContainerRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (request.Secret is null)
            {
                // Sent by a node of an older version (during a rolling upgrade): nothing is replaced or made
                // from it, or the service would lose its container and get none with its password file.
                return $"service '{request.Name}' was asked for by a node of another version; it starts once every node runs this one";
            }

            var existing = await InspectAsync(request.Name, cancellationToken);
            if (existing is not null && existing.Config.Labels?.ContainsKey(ServiceLabels.PasswordInFile) != true)
            {
                // Made by a version that gave the password in its command or environment (visible to docker
                // inspect and ps): made again now, once, also when running; the data is on the volume.
                await ReplaceAsync(existing.ID, cancellationToken);
                existing = null;
            }

            if (existing?.State.Running == true)
            {
                return null;
            }

            await EnsureVolumeAsync(request, cancellationToken);
            await EnsureNetworkAsync(request, cancellationToken);
            var id = existing?.ID ?? await CreateAsync(request, cancellationToken);
            await Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
            return null;
        }
        catch (DockerImageNotFoundException)
        {
            return $"the image '{request.Image}' is not on node {options.Value.NodeName}";
        }
        catch (DockerApiException ex)
        {
            return $"the engine refused to run the service: {ex.ResponseBody.Trim()}";
        }
    }

    /// <summary>The services whose container runs on this engine, made by this node (its <c>paas.node</c> label).</summary>
    public async Task<IReadOnlyList<string>> RunningAsync(CancellationToken cancellationToken)
    {
        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [ServiceLabels.Service] = true, [$"{ContainerLabels.Node}={options.Value.NodeName}"] = true },
            },
        }, cancellationToken);
        return containers.Select(c => c.Labels[ServiceLabels.Service]).ToList();
    }

    /// <summary>Stops the service's container (its server flushes first), keeping it and its volume.</summary>
    public async Task StopAsync(string service, CancellationToken cancellationToken) =>
        await IgnoreMissingAsync(() => Client.Containers.StopContainerAsync(ServiceResources.Container(service),
            new ContainerStopParameters { WaitBeforeKillSeconds = StopGraceSeconds }, cancellationToken));

    /// <summary>running, exited (CODE), created, or missing.</summary>
    public async Task<string> StatusAsync(string service, CancellationToken cancellationToken)
    {
        var container = await InspectAsync(service, cancellationToken);
        return container is null ? "missing"
            : container.State.Running ? "running"
            : container.State.Status == "exited" ? $"exited ({container.State.ExitCode})"
            : container.State.Status;
    }

    public async Task RemoveAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Containers.RemoveContainerAsync(ServiceResources.Container(service), new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }

        // Linked apps' containers that are still attached would hold the network: take them off first.
        if (await FindNetworkAsync(service, cancellationToken) is { } network)
        {
            foreach (var attached in network.Containers?.Keys ?? [])
            {
                await DisconnectQuietlyAsync(network.ID, attached, cancellationToken);
            }

            await IgnoreMissingAsync(() => Client.Networks.DeleteNetworkAsync(network.ID, cancellationToken));
        }

        await IgnoreMissingAsync(() => Client.Volumes.RemoveAsync(ServiceResources.Volume(service), force: true, cancellationToken));
    }

    /// <summary>Attaches a (created, not yet started) app container to the service's network; the service's container name resolves there.</summary>
    public async Task ConnectAsync(string service, string containerId, CancellationToken cancellationToken)
    {
        var network = await FindNetworkAsync(service, cancellationToken);
        if (network is null)
        {
            // The service lives on another node (or is being re-created): there is no network here to join.
            return;
        }

        await Client.Networks.ConnectNetworkAsync(network.ID, new NetworkConnectParameters { Container = containerId }, cancellationToken);
    }

    /// <summary>
    /// Puts every container of <paramref name="app"/> on this engine on the service's network (those on it already are
    /// left as they are): after the service came to this node (services:move, services:restore --node), or back to it
    /// after a failed move, its linked apps' containers here reach it again without being made anew.
    /// </summary>
    public async Task ConnectAppAsync(string service, string app, CancellationToken cancellationToken)
    {
        if (await FindNetworkAsync(service, cancellationToken) is not { } network)
        {
            return;
        }

        var attached = network.Containers?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.App}={app}"] = true },
            },
        }, cancellationToken);
        foreach (var container in containers.Where(c => !attached.Contains(c.ID)))
        {
            await IgnoreMissingAsync(() => Client.Networks.ConnectNetworkAsync(network.ID, new NetworkConnectParameters { Container = container.ID }, cancellationToken));
        }
    }

    /// <summary>Takes every container of <paramref name="app"/> on this engine off the service's network.</summary>
    public async Task DisconnectAppAsync(string service, string app, CancellationToken cancellationToken)
    {
        if (await FindNetworkAsync(service, cancellationToken) is not { } network)
        {
            return;
        }

        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.App}={app}"] = true },
                ["network"] = new Dictionary<string, bool> { [network.ID] = true },
            },
        }, cancellationToken);
        foreach (var container in containers)
        {
            await DisconnectQuietlyAsync(network.ID, container.ID, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<string>> TailAsync(string service, int lines, CancellationToken cancellationToken)
    {
        var collected = new List<string>();
        await foreach (var line in LinesAsync(service, lines, follow: false, cancellationToken))
        {
            collected.Add(line);
        }

        return collected;
    }

    /// <summary>The container's output by line (stdout and stderr as they come), following it while <paramref name="follow"/>.</summary>
    public async IAsyncEnumerable<string> LinesAsync(string service, int tail, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        MultiplexedStream stream;
        try
        {
            stream = await Client.Containers.GetContainerLogsAsync(ServiceResources.Container(service), tty: false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = follow, Tail = tail.ToString() }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            yield break;
        }

        using (stream)
        {
            var pending = "";
            await foreach (var (_, text) in MultiplexedLines.ReadAsync(stream, cancellationToken))
            {
                var parts = (pending + text).Split('\n');
                foreach (var line in parts[..^1])
                {
                    yield return line.TrimEnd('\r');
                }

                pending = parts[^1];
            }

            if (pending.Length > 0)
            {
                yield return pending;
            }
        }
    }

    private async Task<string> CreateAsync(ServiceContainerRequest request, CancellationToken cancellationToken)
    {
        if (_cpus == 0)
        {
            _cpus = (int)(await Client.System.GetSystemInfoAsync(cancellationToken)).NCPU;
        }

        var host = ContainerLimits.ForService(options.Value.Deploy, request.MemoryBytes, request.NanoCpus, _cpus, ServiceResources.Network(request.Name));
        host.Mounts = [new Mount { Type = "volume", Source = ServiceResources.Volume(request.Name), Target = request.DataPath }];
        // The platform restarts it (ServiceKeeper), as it does app instances, so it shows as down meanwhile.
        host.RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No };
        var created = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = ServiceResources.Container(request.Name),
            Image = request.Image,
            Cmd = request.Command?.ToList(),
            Env = request.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Labels = new Dictionary<string, string>(Labels(request)) { [ServiceLabels.PasswordInFile] = "true" },
            HostConfig = host,
        }, cancellationToken);
        try
        {
            await PutSecretAsync(created.ID, request.Secret, cancellationToken);
        }
        catch
        {
            // A container without its password file must not be started by a later pass: made again then.
            await IgnoreMissingAsync(() => Client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None));
            throw;
        }

        return created.ID;
    }

    /// <summary>
    /// Uploads the password file into the created container's own file system (not a mount): nothing of it is
    /// on the host outside the engine's storage, and it goes with the container. Readable by its owner only.
    /// </summary>
    private async Task PutSecretAsync(string container, ServiceSecretFile secret, CancellationToken cancellationToken)
    {
        using var tar = new MemoryStream();
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes(secret.Content)))
        {
            await SingleFileTar.WriteAsync(tar, secret.Path.TrimStart('/'), content, UnixFileMode.UserRead | UnixFileMode.UserWrite, secret.OwnerId, cancellationToken);
        }

        tar.Position = 0;
        await Client.Containers.ExtractArchiveToContainerAsync(container, new ContainerPathStatParameters { Path = "/" }, tar, cancellationToken);
    }

    /// <summary>Stops the container as the engine stops one (the server shuts down cleanly, within the grace time), then removes it.</summary>
    private async Task ReplaceAsync(string container, CancellationToken cancellationToken)
    {
        await Client.Containers.StopContainerAsync(container, new ContainerStopParameters { WaitBeforeKillSeconds = StopGraceSeconds }, cancellationToken);
        await IgnoreMissingAsync(() => Client.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true }, cancellationToken));
    }

    private Task EnsureVolumeAsync(ServiceContainerRequest request, CancellationToken cancellationToken) =>
        // Creating a volume that exists returns it unchanged: the data stays.
        Client.Volumes.CreateAsync(new VolumesCreateParameters { Name = ServiceResources.Volume(request.Name), Labels = Labels(request) }, cancellationToken);

    private async Task EnsureNetworkAsync(ServiceContainerRequest request, CancellationToken cancellationToken)
    {
        if (await FindNetworkAsync(request.Name, cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await Client.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = ServiceResources.Network(request.Name),
                Driver = "bridge",
                CheckDuplicate = true,
                Internal = true,
                Options = new Dictionary<string, string> { ["com.docker.network.bridge.inhibit_ipv4"] = "true" },
                Labels = Labels(request),
            }, cancellationToken);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    private Dictionary<string, string> Labels(ServiceContainerRequest request) => new()
    {
        [ServiceLabels.Service] = request.Name,
        [ServiceLabels.Kind] = request.Kind.Name(),
        [ContainerLabels.Node] = options.Value.NodeName,
    };

    private async Task<ContainerInspectResponse?> InspectAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            return await Client.Containers.InspectContainerAsync(ServiceResources.Container(service), cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    private async Task<NetworkResponse?> FindNetworkAsync(string service, CancellationToken cancellationToken)
    {
        var name = ServiceResources.Network(service);
        var listed = await Client.Networks.ListNetworksAsync(new NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
        }, cancellationToken);
        var id = listed.FirstOrDefault(n => n.Name == name)?.ID;
        // The list leaves out attached containers; the inspection has them.
        return id is null ? null : await Client.Networks.InspectNetworkAsync(id, cancellationToken);
    }

    private async Task DisconnectQuietlyAsync(string network, string container, CancellationToken cancellationToken) =>
        await IgnoreMissingAsync(() => Client.Networks.DisconnectNetworkAsync(network, new NetworkDisconnectParameters { Container = container, Force = true }, cancellationToken));

    private static async Task IgnoreMissingAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DockerApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or still in use by something else: nothing more to do here.
        }
    }
}
