using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.Grains.Services;

/// <summary>
/// Whether a service may change node, by <c>services:move</c> (on purpose, its node alive) or by
/// <c>services:restore --node</c> (its node lost). Pure: the grain gives what it knows (the service's node,
/// the live nodes, the backups the target node can reach); a refusal is one sentence, and nothing is touched then.
/// </summary>
public static class ServiceRelocation
{
    /// <summary>Why <paramref name="service"/> on <paramref name="current"/> cannot be moved to <paramref name="target"/>; null when it can.</summary>
    public static string? MoveRefusal(string service, string current, string target, IReadOnlyCollection<string> live)
    {
        if (NodeRefusal(target, live) is { } unknown)
        {
            return unknown;
        }

        if (target == current)
        {
            return $"service '{service}' runs on node {target} already";
        }

        return live.Contains(current, StringComparer.Ordinal)
            ? null
            : $"service '{service}' runs on node {current}, which is not a live node, so its data cannot be copied from there; "
              + $"bring it back from a backup instead: services:restore {service} ID --node {target} (services:backups {service} lists them)";
    }

    /// <summary>
    /// Why <paramref name="service"/> (on <paramref name="current"/>) cannot be made again on <paramref name="target"/> from
    /// backup <paramref name="id"/>, given what <paramref name="reachable"/> from the target lists; null when it can.
    /// </summary>
    public static string? RestoreElsewhereRefusal(string service, string kind, string current, string target, string id,
        IReadOnlyCollection<string> live, IReadOnlyList<StoredBackup>? reachable)
    {
        if (NodeRefusal(target, live) is { } unknown)
        {
            return unknown;
        }

        if (live.Contains(current, StringComparer.Ordinal))
        {
            return target == current
                ? $"service '{service}' runs on node {current}; to restore it there, leave out --node: services:restore {service} {id}"
                : $"service '{service}' runs on node {current}, which is alive: to change its node without losing writes, use services:move {service} {target}";
        }

        if (reachable?.FirstOrDefault(b => b.Manifest.Id == id) is not { } backup || backup.Locations.Count == 0)
        {
            return $"backup '{id}' of {service} cannot be reached from node {target} (neither in its backup directory nor in the S3 store); "
                   + $"services:backups {service} lists the backups the node it is asked through can reach";
        }

        if (backup.Manifest.Kind != kind)
        {
            return $"backup '{id}' is a {backup.Manifest.Kind} backup and {service} is a {kind} service";
        }

        return backup.Manifest.Verification?.Passed == true
            ? null
            : $"backup '{id}' of {service} was not verified ({backup.Manifest.Verification?.Detail ?? "never checked"}); "
              + $"prove it first with services:backup-verify {service} {id}, or choose a verified one";
    }

    /// <summary>Why <paramref name="target"/> cannot take a service: it is not a live node (unknown, or away).</summary>
    public static string? NodeRefusal(string target, IReadOnlyCollection<string> live) => live.Contains(target, StringComparer.Ordinal)
        ? null
        : $"'{target}' is not a live node of the cluster (live: {string.Join(", ", live)})";
}
