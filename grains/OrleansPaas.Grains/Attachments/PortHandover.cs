using OrleansPaas.Apps;
using OrleansPaas.Attachments;

namespace OrleansPaas.Grains.Attachments;

/// <summary>
/// A host port has one holder, so a ported app's new instance cannot start beside the old one (the
/// zero-downtime way): the old ported instance stops first. A ported app therefore has a short gap on
/// every deploy or restart; if the new one does not come up, reconciliation starts the old release again.
/// </summary>
public static class PortHandover
{
    /// <summary>The running instances to stop before <paramref name="release"/>'s instances start (none without ports).</summary>
    public static IReadOnlyList<InstanceInfo> StopFirst(IReadOnlyList<InstanceInfo> previous, IReadOnlyList<InstanceInfo> keep,
        ContainerAttachments attachments, ReleaseRecord release)
    {
        if (attachments.Ports.Count == 0)
        {
            return [];
        }

        // Whichever process held the ports before (the ported process can change with the Procfile).
        var ported = ContainerAttachments.PortedProcess(release.ProcessTypes);
        return previous.Where(i => !keep.Contains(i) && (i.Process == ported || i.Process == Deploy.Rollout.WebProcess)).ToList();
    }
}
