namespace OrleansPaas.Grains.Attachments;

/// <summary>What the mover does after one look at a volume copy: keep waiting, say how far it got, or give it up.</summary>
public enum CopyVerdict
{
    Wait,
    Report,
    Stalled,
}

/// <summary>
/// Judges a <c>storage:move</c> copy by its progress, not its total time: a volume of any size may take
/// as long as it needs while its bytes keep growing, and is given up once they have not grown for
/// <paramref name="stallAfter"/> (the source or the target stopped, or the node copying it is gone).
/// Says a progress line at most every <paramref name="reportEvery"/>, and only when there is news.
/// Pure: the caller gives the bytes it saw (null when the node did not answer) and the time.
/// </summary>
public sealed class CopyWatch(TimeSpan stallAfter, TimeSpan reportEvery, DateTimeOffset started)
{
    private long _bytes;
    private long _reportedBytes;
    private DateTimeOffset _grew = started;
    private DateTimeOffset _reported = started;

    public long Bytes => _bytes;

    /// <summary>How long it has gone without growing, as of the last look.</summary>
    public TimeSpan Still(DateTimeOffset now) => now - _grew;

    public CopyVerdict Observe(long? bytes, DateTimeOffset now)
    {
        if (bytes is { } seen && seen > _bytes)
        {
            _bytes = seen;
            _grew = now;
        }

        if (now - _grew >= stallAfter)
        {
            return CopyVerdict.Stalled;
        }

        if (now - _reported >= reportEvery && _bytes > _reportedBytes)
        {
            _reported = now;
            _reportedBytes = _bytes;
            return CopyVerdict.Report;
        }

        return CopyVerdict.Wait;
    }
}
