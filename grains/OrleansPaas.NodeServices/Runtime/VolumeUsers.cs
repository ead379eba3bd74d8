using Docker.DotNet.Models;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Nodes;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// The running containers of this node's engine that mount an app's named volume, as the engine
/// itself knows them (its <c>volume</c> filter): whatever started them, a one-off, a cron run or an
/// instance, they are what writes to the volume now.
/// </summary>
public sealed class VolumeUsers(DockerClientProvider docker)
{
    public async Task<IReadOnlyList<VolumeUser>> ListAsync(AppName app, string volume, CancellationToken cancellationToken)
    {
        var containers = await docker.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["volume"] = new Dictionary<string, bool> { [StorageMount.VolumeName(app.Value, volume)] = true },
                ["status"] = new Dictionary<string, bool> { ["running"] = true },
            },
        }, cancellationToken);
        return containers.Select(c => new VolumeUser(c.ID,
            c.Labels is { } labels && labels.TryGetValue(ContainerLabels.Process, out var process) ? process : "(not the platform's)",
            c.Command ?? "", c.Created == default ? null : new DateTimeOffset(DateTime.SpecifyKind(c.Created, DateTimeKind.Utc)))).ToList();
    }
}
