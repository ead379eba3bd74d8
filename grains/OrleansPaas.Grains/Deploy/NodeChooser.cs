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

    /// <summary>
    /// The one node an app with storage runs on: the node its volumes were made on (recorded at its
    /// first deploy); before that, the node of a kept instance, else the least loaded one. Null when
    /// that node is not live: nothing may start elsewhere, where its files are not.
    /// </summary>
    public static string? ForStorage(string? storageNode, IEnumerable<string> keptNodes, IReadOnlyDictionary<string, int> loads)
    {
        var node = storageNode ?? keptNodes.FirstOrDefault() ?? Choose(new Dictionary<string, int>(), loads, 1).FirstOrDefault();
        return node is not null && loads.ContainsKey(node) ? node : null;
    }
}
