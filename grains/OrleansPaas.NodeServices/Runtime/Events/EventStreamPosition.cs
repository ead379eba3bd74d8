using System.Globalization;
using Docker.DotNet.Models;

namespace OrleansPaas.NodeServices.Runtime.Events;

/// <summary>
/// Where the node's event stream resumes after a reconnect: the time of the last event seen, to the
/// nanosecond. The engine replays from that instant inclusive, so the events already seen at that
/// very instant are remembered and not handed out twice; nothing later is skipped.
/// </summary>
public sealed class EventStreamPosition(DateTimeOffset start)
{
    private const long NanosPerSecond = 1_000_000_000;

    private readonly HashSet<string> _seenAtLast = new(StringComparer.Ordinal);
    private long _last = start.ToUnixTimeMilliseconds() * 1_000_000;

    /// <summary>The engine's <c>since</c> for the next stream: "seconds.nanoseconds".</summary>
    public string Since => string.Create(CultureInfo.InvariantCulture, $"{_last / NanosPerSecond}.{_last % NanosPerSecond:D9}");

    /// <summary>Moves past the event; false when it is a replay of one already seen.</summary>
    public bool Advance(Message message)
    {
        // Engines older than API 1.22 send whole seconds only.
        var at = message.TimeNano != 0 ? message.TimeNano : message.Time * NanosPerSecond;
        var key = $"{message.Action}/{message.Actor?.ID}";
        if (at > _last)
        {
            _last = at;
            _seenAtLast.Clear();
        }
        else if (at < _last)
        {
            // Older than the position (a clock step): never seen, since the engine sends in order.
            return true;
        }

        return _seenAtLast.Add(key);
    }
}
