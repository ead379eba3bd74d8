using Docker.DotNet.Models;
using OrleansPaas.Apps;
using OrleansPaas.Nodes;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Reads an app instance back from the engine's container list, by its labels.</summary>
public static class ListedInstance
{
    /// <summary>Only instances carry an index; one-off, release-phase and build containers are not the app's instances.</summary>
    public static bool IsInstance(ContainerListResponse container) =>
        container.Labels.ContainsKey(ContainerLabels.Index) && container.Labels.ContainsKey(ContainerLabels.App);

    public static NodeInstance From(ContainerListResponse container, string node, string publishAddress)
    {
        container.Labels.TryGetValue(ContainerLabels.Process, out var process);
        container.Labels.TryGetValue(ContainerLabels.Release, out var release);
        container.Labels.TryGetValue(ContainerLabels.Index, out var index);
        var version = int.TryParse(release?.TrimStart('v'), out var v) ? v : 0;
        var published = container.Ports?.FirstOrDefault(p => p.PublicPort != 0);
        var running = container.State == "running";
        var containerAddress = ContainerAddresses.Bridge(container.NetworkSettings?.Networks);
        var instance = new InstanceInfo(container.ID, process ?? "web", version,
            published?.IP ?? publishAddress, published?.PublicPort ?? 0,
            int.TryParse(index, out var i) ? i : 1, node,
            published is not null && containerAddress is not null ? $"{containerAddress}:{published.PrivatePort}" : null);
        return new NodeInstance(container.Labels[ContainerLabels.App], instance, running, running ? null : ExitCodeOf(container.Status));
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
}
