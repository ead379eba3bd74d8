using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Configuration;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Runtime;

/// <summary>
/// Runs app instances on this node's Docker engine. Ports are published on <c>Paas:NodeAddress</c>
/// only (loopback by default), so an app is reachable from the gateways of the cluster and never
/// from an interface the operator did not name.
/// </summary>
public sealed class DockerContainerRuntime(
    DockerClientProvider docker,
    IOptions<PaasOptions> options,
    ReadinessProbe probe,
    OneOffRunner oneOff,
    AppNetwork network) : IContainerRuntime
{
    // Longer than any build may run (Paas:Build:Timeout's default), so no build's helper is taken.
    private static readonly TimeSpan HelperContainerAge = TimeSpan.FromHours(1);

    private IDockerClient Client => docker.Client;

    public async Task<int?> GetExposedPortAsync(string image, CancellationToken cancellationToken)
    {
        var inspect = await Client.Images.InspectImageAsync(image, cancellationToken);
        var ports = inspect.Config?.ExposedPorts?.Keys ?? Enumerable.Empty<string>();
        foreach (var port in ports.Order(StringComparer.Ordinal))
        {
            // Keys look like "8080/tcp"; UDP ports cannot carry HTTP.
            var parts = port.Split('/');
            if ((parts.Length == 1 || parts[1] == "tcp") && int.TryParse(parts[0], out var number))
            {
                return number;
            }
        }

        return null;
    }

    public async Task TagAsync(string image, string newReference, CancellationToken cancellationToken)
    {
        var colon = newReference.LastIndexOf(':');
        await Client.Images.TagImageAsync(image, new ImageTagParameters
        {
            RepositoryName = newReference[..colon],
            Tag = newReference[(colon + 1)..],
            Force = true,
        }, cancellationToken);
    }

    public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    public async Task RemoveImageAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            // Without force, deleting one of several tags only removes that tag.
            await Client.Images.DeleteImageAsync(reference, new ImageDeleteParameters(), cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
        }
    }

    public async Task<InstanceInfo> StartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var publishAddress = PublishAddress;
        var hostPort = spec.ReceivesTraffic ? HostPortAllocator.Allocate(publishAddress) : 0;
        var portKey = $"{spec.Port}/tcp";
        var name = $"paas-{spec.App.Value}-{spec.Process}.{spec.Index}-v{spec.ReleaseVersion}-{Guid.NewGuid().ToString("N")[..6]}";
        await network.EnsureAsync(cancellationToken);
        var host = ContainerLimits.ForApp(settings.Deploy, settings.Deploy.MemoryLimitMiB);
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
        var containerAddress = BridgeAddress(started?.NetworkSettings?.Networks);
        return new InstanceInfo(created.ID, spec.Process, spec.ReleaseVersion, publishAddress.ToString(), hostPort, spec.Index, settings.NodeName,
            containerAddress is null ? null : $"{containerAddress}:{spec.Port}");
    }

    public async Task<ReadinessResult> WaitReadyAsync(InstanceInfo instance, string hostHeader, TimeSpan timeout,
        IReadOnlyList<HealthCheck> checks, CancellationToken cancellationToken)
    {
        var (host, port) = ProbeTarget(instance);
        var deadline = DateTime.UtcNow + timeout;
        var pause = FirstProbePause;
        while (!await probe.AnswersAsync(host, port, hostHeader, cancellationToken))
        {
            var state = (await Client.Containers.InspectContainerAsync(instance.ContainerId, cancellationToken)).State;
            if (!state.Running || state.Restarting)
            {
                return ReadinessResult.Failed(
                    $"the container exited with code {state.ExitCode} before answering on port {instance.Port}" + await TailTextAsync(instance.ContainerId, cancellationToken));
            }

            if (DateTime.UtcNow >= deadline)
            {
                return ReadinessResult.Failed(
                    $"no answer on port {instance.Port} within {timeout.TotalSeconds:0}s; the app must listen on $PORT" + await TailTextAsync(instance.ContainerId, cancellationToken));
            }

            // Short at first, as every pause is added to a deploy's time to serve and most apps listen
            // within a moment; then longer, sparing the engine the inspections of a slow starter.
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LastProbePause.Ticks));
        }

        foreach (var check in checks)
        {
            var problem = await probe.RunCheckAsync(host, port, hostHeader, check, cancellationToken);
            if (problem is not null)
            {
                return ReadinessResult.Failed(problem);
            }
        }

        return ReadinessResult.Answered;
    }

    private static readonly TimeSpan FirstProbePause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LastProbePause = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Where this node asks its new instance: its bridge address, as this node's gateway reaches it.
    /// Until the app listens, a connect there is refused at once, where the published port's proxy
    /// accepts first and fails after. The published port when the engine gave no bridge address.
    /// </summary>
    private static (string Host, int Port) ProbeTarget(InstanceInfo instance) =>
        instance.ContainerEndpoint is { } direct && direct.LastIndexOf(':') is > 0 and var colon
            && int.TryParse(direct[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? (direct[..colon], port)
            : (instance.Host, instance.Port);

    public Task<long> RunToCompletionAsync(ContainerSpec spec, Func<bool, string, Task> onOutput, CancellationToken cancellationToken) =>
        oneOff.RunAsync(spec.App, new RunSpec(spec.Image, spec.ReleaseVersion, spec.Environment), spec.Command ?? [], onOutput, cancellationToken, spec.Process);

    public async Task<ReadinessResult> CheckRunningAsync(InstanceInfo instance, CancellationToken cancellationToken)
    {
        var state = (await Client.Containers.InspectContainerAsync(instance.ContainerId, cancellationToken)).State;
        return state.Running && !state.Restarting
            ? ReadinessResult.Answered
            : ReadinessResult.Failed($"{instance.Name} exited with code {state.ExitCode} right after starting" + await TailTextAsync(instance.ContainerId, cancellationToken));
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

        var result = new List<NodeInstance>();
        // Only instances carry an index; one-off, release-phase and build containers are not the app's instances.
        foreach (var container in containers.Where(c => c.Labels.ContainsKey(ContainerLabels.Index) && c.Labels.ContainsKey(ContainerLabels.App)))
        {
            container.Labels.TryGetValue(ContainerLabels.Process, out var process);
            container.Labels.TryGetValue(ContainerLabels.Release, out var release);
            container.Labels.TryGetValue(ContainerLabels.Index, out var index);
            var version = int.TryParse(release?.TrimStart('v'), out var v) ? v : 0;
            var published = container.Ports?.FirstOrDefault(p => p.PublicPort != 0);
            var running = container.State == "running";
            var containerAddress = BridgeAddress(container.NetworkSettings?.Networks);
            var instance = new InstanceInfo(container.ID, process ?? "web", version,
                published?.IP ?? PublishAddress.ToString(), published?.PublicPort ?? 0,
                int.TryParse(index, out var i) ? i : 1, node,
                published is not null && containerAddress is not null ? $"{containerAddress}:{published.PrivatePort}" : null);
            result.Add(new NodeInstance(container.Labels[ContainerLabels.App], instance, running, running ? null : ExitCodeOf(container.Status)));
        }

        return result;
    }

    /// <summary>The engine's list says "Exited (137) 3 seconds ago"; the code is all supervision needs.</summary>
    private static long? ExitCodeOf(string? status)
    {
        if (status is null || !status.StartsWith("Exited (", StringComparison.Ordinal))
        {
            return null;
        }

        var close = status.IndexOf(')', StringComparison.Ordinal);
        return close > 8 && long.TryParse(status[8..close], out var code) ? code : null;
    }

    /// <summary>The container's address on the network it is attached to (the platform attaches one).</summary>
    private static string? BridgeAddress(IDictionary<string, EndpointSettings>? networks) =>
        networks?.Values.Select(n => n.IPAddress).FirstOrDefault(ip => !string.IsNullOrEmpty(ip));

    private IPAddress PublishAddress => IPAddress.TryParse(options.Value.NodeAddress, out var address) ? address : IPAddress.Loopback;

    public async Task StopAndRemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Containers.StopContainerAsync(containerId, new ContainerStopParameters
            {
                WaitBeforeKillSeconds = (uint)options.Value.Deploy.StopTimeout.TotalSeconds,
            }, cancellationToken);
            await Client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    public async Task StopKeepingAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Containers.StopContainerAsync(containerId, new ContainerStopParameters
            {
                WaitBeforeKillSeconds = (uint)options.Value.Deploy.StopTimeout.TotalSeconds,
            }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

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
        var containerAddress = BridgeAddress(started.NetworkSettings?.Networks);
        var containerPort = parked.ContainerEndpoint?[(parked.ContainerEndpoint.LastIndexOf(':') + 1)..];
        return parked with { ContainerEndpoint = containerAddress is null || containerPort is null ? null : $"{containerAddress}:{containerPort}" };
    }

    public async Task RemoveAppImagesAsync(AppName app, CancellationToken cancellationToken)
    {
        var images = await Client.Images.ListImagesAsync(new ImagesListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.App}={app.Value}"] = true },
            },
        }, cancellationToken);
        foreach (var image in images)
        {
            try
            {
                await Client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, cancellationToken);
            }
            catch (DockerImageNotFoundException)
            {
            }
        }
    }

    public async Task<IReadOnlyList<string>> TailAsync(string containerId, int lines, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await Client.Containers.GetContainerLogsAsync(containerId, tty: false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = lines.ToString() }, cancellationToken);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
            return (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).TakeLast(lines).ToList();
        }
        catch (DockerApiException)
        {
            return [];
        }
    }

    public async Task PruneAsync(AppName app, IReadOnlySet<string> keepImages, CancellationToken cancellationToken)
    {
        // Exited build and one-off containers first: they would otherwise pin old images.
        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.App}={app.Value}"] = true },
                ["status"] = new Dictionary<string, bool> { ["exited"] = true, ["created"] = true, ["dead"] = true },
            },
        }, cancellationToken);
        // Only old ones: a build in progress owns its fresh helper containers (docker build's
        // intermediate ones, the buildpack builder, the slug container), some still "created".
        var cutoff = DateTime.UtcNow - HelperContainerAge;
        foreach (var container in containers.Where(c => !c.Labels.ContainsKey(ContainerLabels.Index) && c.Created.ToUniversalTime() < cutoff))
        {
            await IgnoreMissingAsync(() => Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cancellationToken));
        }

        foreach (var image in await AppImagesAsync(app, cancellationToken))
        {
            var tags = (image.RepoTags ?? []).Where(t => t != "<none>:<none>").ToList();
            if (tags.Count == 0)
            {
                // Dangling: a failed or superseded build.
                await IgnoreMissingAsync(() => Client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters(), cancellationToken));
                continue;
            }

            // Build tags are transient (re-tagged as the release right after the build); a build in
            // progress owns them.
            foreach (var tag in tags.Where(t => !keepImages.Contains(t) && !t.Contains(":build-", StringComparison.Ordinal)))
            {
                // Without force an image still used by a container stays; it goes on a later prune.
                await IgnoreMissingAsync(() => Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters(), cancellationToken));
            }
        }
    }

    public async Task<(long MemoryBytes, int Cpus)> GetCapacityAsync(CancellationToken cancellationToken)
    {
        var info = await Client.System.GetSystemInfoAsync(cancellationToken);
        return (info.MemTotal, (int)info.NCPU);
    }

    public async Task<IReadOnlyList<string>> ListReleaseImagesAsync(CancellationToken cancellationToken)
    {
        var images = await Client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [ContainerLabels.App] = true },
            },
        }, cancellationToken);
        return images.SelectMany(i => i.RepoTags ?? []).Where(ImageNames.IsRelease).Order(StringComparer.Ordinal).ToList();
    }

    public async Task<long> ImageBytesAsync(AppName app, CancellationToken cancellationToken) =>
        (await AppImagesAsync(app, cancellationToken)).Sum(i => i.Size);

    private async Task<IList<ImagesListResponse>> AppImagesAsync(AppName app, CancellationToken cancellationToken) =>
        await Client.Images.ListImagesAsync(new ImagesListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.App}={app.Value}"] = true },
            },
        }, cancellationToken);

    private static async Task IgnoreMissingAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DockerApiException ex) when (ex.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // Gone already, or still in use: either way nothing to do now.
        }
    }

    private async Task<string> TailTextAsync(string containerId, CancellationToken cancellationToken)
    {
        var lines = await TailAsync(containerId, 20, cancellationToken);
        return lines.Count == 0 ? "" : "; its last output:\n" + string.Join("\n", lines);
    }
}
