using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using OrleansPaas.NodeServices.Runtime.Events;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The moment this node's engine reports one of its web instances dead, the gateway stops waiting
/// on it (<see cref="PendingForwards.DropDead"/>): a killed container sends no reset, and the route
/// update that drops it comes through the app's grain and the route table, about a second later.
/// Instances on other nodes leave when the routes say so. A container that starts again (a sleeping
/// app's parked one waking) is no longer dead.
/// </summary>
public sealed class LocalInstanceDeaths(DockerEventStream stream, RouteSnapshotStore routes) : BackgroundService
{
    // Subscribed when built, as every hosted service is built before any starts: no death is missed.
    private readonly ChannelReader<ContainerEvent> _events = stream.Subscribe();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var seen in _events.ReadAllAsync(stoppingToken))
            {
                if (seen.Kind == ContainerEventKind.Died && routes.Current.DestinationOfContainer(seen.ContainerId) is { } destination)
                {
                    routes.Pending.DropDead(destination, seen.ContainerId);
                }
                else if (seen.Kind == ContainerEventKind.Started)
                {
                    routes.Pending.Unreachable.Started(seen.ContainerId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
