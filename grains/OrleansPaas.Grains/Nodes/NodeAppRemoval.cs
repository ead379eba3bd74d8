using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Logs;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Runtime.Images;

namespace OrleansPaas.Grains.Nodes;

/// <summary>The node grain's clearing up: everything of an app on this node, of apps gone while it was away, a build cache.</summary>
public sealed class NodeAppRemoval(IInstanceContainers containers, IAppImages images, KeptOutput kept, DataPaths paths)
{
    private static readonly CancellationToken None = CancellationToken.None;

    public async Task RemoveAppAsync(string app)
    {
        var name = AppName.Parse(app);
        var instances = await containers.ListNodeInstancesAsync(name, None);
        await Task.WhenAll(instances.Select(i => containers.StopAndRemoveAsync(i.Instance.ContainerId, None)));
        await images.RemoveAppImagesAsync(name, None);
        DeleteDirectory(paths.BuildCache(name));
        DeleteDirectory(paths.Repository(name));
        kept.Remove(name);
    }

    public IReadOnlyList<string> FindOrphans(IReadOnlyList<string> registeredApps, IReadOnlyList<string> appsWithInstances)
    {
        var registered = registeredApps.ToHashSet(StringComparer.Ordinal);
        // Kept output counts too: an app destroyed while this node was away still has its lines here.
        return appsWithInstances
            .Concat(kept.Apps())
            .Where(a => !registered.Contains(a)).Distinct(StringComparer.Ordinal).ToList();
    }

    public void PurgeBuildCache(string app) => DeleteDirectory(paths.BuildCache(AppName.Parse(app)));

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
