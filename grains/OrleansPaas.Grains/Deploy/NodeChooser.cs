namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// Where new instances go: spread an app over the nodes (the node with the fewest instances of
/// this app first, then the least loaded node, then by name so the choice is repeatable).
/// </summary>
public static class NodeChooser
{
    /// <param name="appCounts">Instances of this app already on each node (kept ones).</param>
    /// <param name="loads">Running instances of all apps on each live node.</param>
    /// <param name="count">How many new instances to place.</param>
    public static IReadOnlyList<string> Choose(IReadOnlyDictionary<string, int> appCounts, IReadOnlyDictionary<string, int> loads, int count)
    {
        if (loads.Count == 0)
        {
            return [];
        }

        var app = loads.Keys.ToDictionary(n => n, n => appCounts.GetValueOrDefault(n), StringComparer.Ordinal);
        var load = new Dictionary<string, int>(loads, StringComparer.Ordinal);
        var chosen = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var node = app.Keys
                .OrderBy(n => app[n])
                .ThenBy(n => load[n])
                .ThenBy(n => n, StringComparer.Ordinal)
                .First();
            chosen.Add(node);
            app[node]++;
            load[node]++;
        }

        return chosen;
    }
}
