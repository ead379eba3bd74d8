namespace OrleansPaas.NodeServices.Cluster;

/// <summary>
/// When this node first saw each other node leave the live set (declared dead, or gone from the
/// membership). Kept in memory only: a node that starts, or forgets, learns a departure when it first
/// sees it, so its clock starts later than the others' — the safe side for a bound that delays
/// re-placing a cut-off node's workers. A node that is live again is forgotten.
/// Departures are kept as monotonic timestamps, so a wall clock stepped meanwhile (NTP after a
/// partition heals, say) neither shortens nor stretches how long a node has been gone.
/// </summary>
public sealed class NodeDepartures(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, long> _since = new(StringComparer.Ordinal);

    /// <summary>Notes <paramref name="nodes"/> that are not in <paramref name="live"/> as gone from now (unless noted earlier); forgets the live ones.</summary>
    public void Note(IReadOnlyCollection<string> live, IEnumerable<string> nodes)
    {
        var now = _time.GetTimestamp();
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
    /// Since when each node that is not live has been seen gone, on the wall clock of this moment:
    /// every one noted earlier, and those of <paramref name="nodes"/> seen gone only now.
    /// </summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Since(IReadOnlyCollection<string> live, IEnumerable<string> nodes)
    {
        Note(live, nodes);
        var now = _time.GetUtcNow();
        lock (_since)
        {
            return _since.ToDictionary(d => d.Key, d => now - _time.GetElapsedTime(d.Value), StringComparer.Ordinal);
        }
    }
}
