using OrleansPaas.Services;

namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// Where a linked app's new instances go: beside its backing services. A service's network exists
/// only on the service's node (README, "Who can reach a service"), so an instance placed on another
/// node could not reach its database. Storage pins harder (the files are on one node) and is decided first.
/// </summary>
public static class ServicePlacement
{
    /// <summary>
    /// The node holding the app's linked services (most of them, when they are on several; then by name),
    /// and why; null when the app is linked to none.
    /// </summary>
    public static ServiceSide? For(string app, IReadOnlyList<ServiceEntry> services, IReadOnlyCollection<string> available)
    {
        var linked = services.Where(s => s.Apps.Contains(app, StringComparer.Ordinal)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        if (linked.Count == 0)
        {
            return null;
        }

        var home = linked.GroupBy(s => s.Node, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .First();
        var names = string.Join(", ", home.Select(s => s.Name));
        if (!available.Contains(home.Key, StringComparer.Ordinal))
        {
            return new ServiceSide(null,
                $"the linked service(s) {names} run on node {home.Key}, which is not available: instances placed elsewhere cannot reach them "
                + "until it is back (or services:restore NAME ID --node N)");
        }

        var far = linked.Where(s => s.Node != home.Key).ToList();
        return new ServiceSide(home.Key, far.Count == 0
            ? $"beside the linked service(s) {names} on node {home.Key}"
            : $"beside the linked service(s) {names} on node {home.Key}; {string.Join(", ", far.Select(s => $"{s.Name} (node {s.Node})"))} cannot be reached from there "
              + "(services:move puts a service beside the others)");
    }
}

/// <summary>The node to place on (null: none available, spread as usual) and the line saying why.</summary>
public sealed record ServiceSide(string? Node, string Reason);
