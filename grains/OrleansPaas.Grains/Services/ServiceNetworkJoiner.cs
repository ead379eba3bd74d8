using Microsoft.Extensions.DependencyInjection;
using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Services;
using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>
/// Joins a new app container to the networks of the services its app is linked to, as the registry
/// says now. A failed lookup fails the start (the reconciler tries again) rather than start an
/// instance that cannot reach its database.
/// </summary>
public sealed class ServiceNetworkJoiner(IServiceProvider services, ServiceContainers containers) : IServiceNetworks
{
    // The grain factory is taken at the first join, not at construction. The container runtime this
    // joiner is part of is built with Orleans' own services (a cluster node's fencing needs it before a
    // silo death), and the grain factory depends on those: taking it in the constructor made a cycle
    // that hung a cluster node's start (found by the image-copy cluster tests).
    private IGrainFactory? _grains;

    private IGrainFactory Grains => _grains ??= services.GetRequiredService<IGrainFactory>();

    public async Task JoinAsync(AppName app, string containerId, CancellationToken cancellationToken)
    {
        var linked = await Grains.GetGrain<IServiceRegistryGrain>(0).LinkedToAsync(app.Value);
        foreach (var service in linked)
        {
            await containers.ConnectAsync(service, containerId, cancellationToken);
        }
    }
}
