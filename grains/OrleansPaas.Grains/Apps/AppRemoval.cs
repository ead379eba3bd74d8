using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Repositories;
using OrleansPaas.Nodes;
using OrleansPaas.Routing;
using OrleansPaas.Services;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// <c>apps:destroy</c>'s removal of everything an app has outside its own state, in an order where
/// each step is safe if a later one fails: nothing is routed to instances that are about to stop,
/// and no node can fill a repository back from the store.
/// </summary>
public sealed class AppRemoval(AppName app, IGrainFactory grains, IRepositoryStore repositories, ClusterNodes nodes)
{
    /// <summary>
    /// Removes the app's routes, certificate, repository, containers, images and files on every node, <paramref name="hosts"/>' claims,
    /// <paramref name="ports"/>' claims, build outputs and registration, and its links to services.
    /// </summary>
    public async Task RemoveAsync(IEnumerable<string> hosts, IEnumerable<PortMapping> ports, BuildRecords records, IEnumerable<BuildRecord> builds)
    {
        // Routes first, so no request goes to instances that are about to stop.
        await grains.GetGrain<IRouteTableGrain>(0).RemoveAsync(app.Value);
        await grains.GetGrain<IAppCertificateGrain>(app.Value).ForgetAsync();
        // The cluster-wide copy first: a node that still has the repository on disk would
        // otherwise fill it back from the store on its next git request.
        await repositories.DeleteAsync(app, CancellationToken.None);
        // Each node removes its instances, images, build cache and copy of the repository.
        await Task.WhenAll(nodes.Live().Select(node => grains.Node(node).RemoveAppAsync(app.Value)));
        var claims = new DomainClaims(app, grains);
        foreach (var host in hosts)
        {
            await claims.ReleaseAsync(host);
        }

        // Its host ports too, once its containers are gone: an app created again under the name claims them anew.
        foreach (var port in ports)
        {
            await grains.GetGrain<IHostPortGrain>(port.HostKey).ReleaseAsync(app.Value);
        }

        await records.ForgetOutputsAsync(builds);
        await grains.GetGrain<IAppRegistryGrain>(0).UnregisterAsync(app.Value);
        // Last, once the app is unregistered: each service it was linked to forgets the link without asking
        // this (busy) app grain for a config change, and no link is left pointing at an app that is gone.
        foreach (var service in await grains.GetGrain<IServiceRegistryGrain>(0).LinkedToAsync(app.Value))
        {
            await grains.GetGrain<IServiceGrain>(service).UnlinkAsync(app.Value);
        }
    }
}
