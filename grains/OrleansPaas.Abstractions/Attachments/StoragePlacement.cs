using OrleansPaas.Apps;

namespace OrleansPaas.Attachments;

/// <summary>
/// Where an app with storage runs: on the node holding its volumes and host directories, which is
/// recorded at the first deploy with storage and kept (the files stay there across deploys, restarts,
/// rollbacks and sleep). Nothing starts elsewhere: the app would see empty folders.
/// </summary>
public static class StoragePlacement
{
    /// <summary>Why nothing can start: the storage node is not live; null when it is, or the app has no storage.</summary>
    public static string? Refusal(ContainerAttachments attachments, string? storageNode, IReadOnlyList<string> live) =>
        attachments.Mounts.Count > 0 && storageNode is { } node && !live.Contains(node)
            ? $"{Describe(attachments)} on node {node}, which is not available; its instances run only there (storage:unmount, or bring {node} back)"
            : null;

    /// <summary>The storage node after a deploy: kept, or recorded from the instances that now serve; none once the app has no storage.</summary>
    public static string? After(ContainerAttachments attachments, string? storageNode, IReadOnlyList<InstanceInfo> serving) =>
        attachments.Mounts.Count == 0 ? null : storageNode ?? serving.Select(i => i.Node).FirstOrDefault(n => n.Length > 0);

    /// <summary>
    /// The node a one-off or cron run of the app must use: the storage node when the run mounts storage
    /// (elsewhere the engine would make an empty volume of the same name and the run's writes would be
    /// lost); null when any node will do.
    /// </summary>
    public static string? RunNode(ContainerAttachments? attachments, string? storageNode) =>
        attachments is { Mounts.Count: > 0 } ? storageNode : null;

    /// <summary>Why the app runs where it does, for <c>ps:report</c>; null without storage.</summary>
    public static string? Reason(ContainerAttachments attachments, string? storageNode) =>
        attachments.Mounts.Count == 0 ? null
        : storageNode is null ? $"{Describe(attachments)} once it is first deployed; its instances run only there"
        : $"{Describe(attachments)} on node {storageNode}; its instances run only there";

    private static string Describe(ContainerAttachments attachments) =>
        $"the app's storage ({string.Join(", ", attachments.Mounts.Select(m => m.HostDirectory ? m.Source : $"volume '{m.Name}'"))}) lives";
}
