using System.Collections.Concurrent;

namespace OrleansPaas.Gateway.Audit;

/// <summary>
/// The addresses whose requests are being refused for too many failed credentials (429), and when
/// each was last written to the trail. A locked-out address is recorded once a minute, not once per
/// request: the lockout refuses without limit, and a record per request would let anyone push the
/// real entries out of the trail (it keeps the newest <c>Paas:Audit:KeepEntries</c>).
/// </summary>
public sealed class LockedOutSources(TimeProvider? time = null)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Past this many addresses, those not seen for a window are forgotten (a flood from many addresses stays bounded).</summary>
    private const int PruneAbove = 10_000;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _recorded = new(StringComparer.Ordinal);

    /// <summary>True when a refusal of <paramref name="source"/> should be recorded now (the first in its window).</summary>
    public bool ShouldRecord(string source)
    {
        var now = _time.GetUtcNow();
        if (_recorded.Count > PruneAbove)
        {
            foreach (var (address, at) in _recorded)
            {
                if (now - at >= Window)
                {
                    _recorded.TryRemove(new KeyValuePair<string, DateTimeOffset>(address, at));
                }
            }
        }

        var recorded = false;
        _recorded.AddOrUpdate(source, _ => { recorded = true; return now; }, (_, at) =>
        {
            recorded = now - at >= Window;
            return recorded ? now : at;
        });
        return recorded;
    }
}
