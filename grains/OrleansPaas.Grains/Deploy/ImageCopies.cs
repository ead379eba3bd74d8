namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// Where an app's needed images (the current and the previous release's) were last seen, per
/// image: the nodes that held it when every live node was last asked, plus copies made since. It
/// exists so a reconciliation pass with nothing new costs no engine call: the nodes are asked again
/// only when the live nodes changed since the last look (a holder left, a node joined), while a
/// copy is still owed, or after <see cref="Forget"/> (a pass that had something to correct, where an
/// image removed behind the platform's back shows up as a start that failed). In memory only: a new
/// activation asks once.
/// </summary>
public sealed class ImageCopies
{
    private readonly Dictionary<string, Seen> _seen = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the nodes must be asked about <paramref name="image"/>: nothing is known of it, the
    /// live nodes are not those of the last look (one left, one joined), or it is on fewer live
    /// nodes than it should be and a copy is still to be made. An image on no node stays so
    /// until something changes: asking again every pass would find the same.
    /// </summary>
    public bool NeedsLook(string image, IReadOnlyCollection<string> live)
    {
        if (live.Count == 0)
        {
            return false;
        }

        if (!_seen.TryGetValue(image, out var seen) || !seen.Live.SetEquals(live))
        {
            return true;
        }

        return Decide(seen.Holders, live) == ImageCopyDecision.Copy;
    }

    /// <summary>What a look at <paramref name="live"/> found: exactly <paramref name="holders"/> hold <paramref name="image"/>.</summary>
    public void Saw(string image, IEnumerable<string> holders, IEnumerable<string> live) =>
        _seen[image] = new Seen(new HashSet<string>(holders, StringComparer.Ordinal), new HashSet<string>(live, StringComparer.Ordinal));

    /// <summary>A copy of <paramref name="image"/> was made on <paramref name="node"/>.</summary>
    public void Copied(string image, string node)
    {
        if (_seen.TryGetValue(image, out var seen))
        {
            seen.Holders.Add(node);
        }
    }

    /// <summary>Nothing is vouched for any more: the next look asks every node.</summary>
    public void Forget() => _seen.Clear();

    /// <summary>Drops what is known of images no longer needed (an older release's, after a deploy).</summary>
    public void KeepOnly(IReadOnlyCollection<string> images)
    {
        foreach (var image in _seen.Keys.Where(i => !images.Contains(i)).ToList())
        {
            _seen.Remove(image);
        }
    }

    /// <summary>
    /// What an image held by <paramref name="holders"/> calls for: nothing (two live copies, or as
    /// many as there are live nodes), a copy to a live node without it, or a rebuild (no live node holds it).
    /// </summary>
    public static ImageCopyDecision Decide(IReadOnlyCollection<string> holders, IReadOnlyCollection<string> live)
    {
        var liveHolders = holders.Count(live.Contains);
        if (live.Count == 0)
        {
            return ImageCopyDecision.Nothing;
        }

        if (liveHolders == 0)
        {
            return ImageCopyDecision.Rebuild;
        }

        return liveHolders < Math.Min(2, live.Count) ? ImageCopyDecision.Copy : ImageCopyDecision.Nothing;
    }

    private sealed record Seen(HashSet<string> Holders, HashSet<string> Live);
}
