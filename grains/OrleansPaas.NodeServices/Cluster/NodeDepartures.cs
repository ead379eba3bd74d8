namespace OrleansPaas.NodeServices.Cluster;

/// <summary>
/// When this node first saw each other node leave the live set (declared dead, or gone from the
/// membership). Kept in memory only: a node that starts, or forgets, learns a departure when it first
/// sees it, so its clock starts later than the others' — the safe side for a bound that delays
/// re-placing a cut-off node's workers. A node that is live again is forgotten.
/// </summary>
public sealed class NodeDepartures
{
    private readonly Dictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);

    /// <summary>Notes <paramref name="nodes"/> that are not in <paramref name="live"/> as gone from <paramref name="now"/> (unless noted earlier); forgets the live ones.</summary>
    public void Note(IReadOnlyCollection<string> live, IEnumerable<string> nodes, DateTimeOffset now)
    {
        lock (_since)
        {
            foreach (var back in _since.Keys.Where(live.Contains).ToList())
            {
                _since.Remove(back);
            }

            foreach (var node in nodes.Where(n => !live.Contains(n)))
            {
                _since.TryAdd(node, now);
            }
        }
    }

    /// <summary>
    /// Since when each node that is not live has been seen gone: every one noted earlier, and those of
    /// <paramref name="nodes"/> seen gone only now.
    /// </summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Since(IReadOnlyCollection<string> live, IEnumerable<string> nodes, DateTimeOffset now)
    {
        Note(live, nodes, now);
        lock (_since)
        {
            return new Dictionary<string, DateTimeOffset>(_since, StringComparer.Ordinal);
        }
    }
}
