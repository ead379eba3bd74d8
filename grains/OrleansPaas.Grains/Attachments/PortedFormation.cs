using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Grains.Attachments;

/// <summary>
/// A ported app runs its ported process (<see cref="ContainerAttachments.PortedProcess"/>) exactly once:
/// a host port has one holder, so a second instance could never bind it. A non-web ported process
/// (<c>vpn</c>) runs one instance without a <c>ps:scale</c>, as <c>web</c> does.
/// </summary>
public static class PortedFormation
{
    public static string? Refusal(string app, ReleaseRecord? release, IReadOnlyDictionary<string, int> formation, IReadOnlyList<PortMapping> ports)
    {
        if (ports.Count == 0 || ContainerAttachments.PortedProcess(release?.ProcessTypes) is not { } process)
        {
            return null;
        }

        var count = Rollout.Count(formation, process);
        return count > 1
            ? $"app '{app}' publishes {string.Join(", ", ports)} from its {process} process, which therefore runs one instance, not {count}"
            : null;
    }

    /// <summary>The formation to deploy: the ported process at one instance unless the user set it (0 stops it).</summary>
    public static IReadOnlyDictionary<string, int> Of(IReadOnlyDictionary<string, int> formation, ReleaseRecord release, ContainerAttachments attachments)
    {
        if (attachments.Ports.Count == 0 || ContainerAttachments.PortedProcess(release.ProcessTypes) is not { } process || formation.ContainsKey(process))
        {
            return formation;
        }

        return new Dictionary<string, int>(formation, StringComparer.Ordinal) { [process] = 1 };
    }
}
