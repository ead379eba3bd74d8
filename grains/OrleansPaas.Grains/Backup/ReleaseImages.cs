using Docker.DotNet;
using Docker.DotNet.Models;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Backup;

/// <summary>
/// Which image each app runs on this node: the release image of its newest containers (running or
/// stopped, so a sleeping app counts too). Read from the engine, so the node's verb finds them
/// without the grains; an app with no container here is rebuilt from its commit at restore.
/// </summary>
public static class ReleaseImages
{
    public static async Task<IReadOnlyDictionary<string, string>> OnNodeAsync(IDockerClient docker, string node, CancellationToken cancellationToken)
    {
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Node}={node}"] = true, [ContainerLabels.App] = true },
            },
        }, cancellationToken);
        return containers
            .Where(c => ImageNames.IsRelease(c.Image) && c.Labels.ContainsKey(ContainerLabels.Release))
            .GroupBy(c => c.Labels[ContainerLabels.App], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(c => ReleaseNumber(c.Labels[ContainerLabels.Release]))!.Image, StringComparer.Ordinal);
    }

    private static int ReleaseNumber(string label) =>
        label.StartsWith('v') && int.TryParse(label.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : 0;
}
