using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Supervision;

namespace OrleansPaas.Grains.Sleep;

/// <summary>
/// The wake's own rules, without Orleans or Docker: a wake is refused while a slot waits out the
/// back-off of a crash (every request to a broken sleeping app would otherwise start it again), it
/// succeeded only when every slot of the formation came up, and a failed one says why and when to
/// try again.
/// </summary>
public static class WakeRules
{
    private static readonly TimeSpan SoonestRetry = TimeSpan.FromSeconds(1);

    /// <summary>The crash of the first slot still backing off, or null when every slot may start now.</summary>
    public static CrashInfo? BackingOff(IEnumerable<InstanceSlot> slots, IReadOnlyDictionary<string, CrashInfo> crashes, DateTimeOffset now) =>
        slots.Select(slot => crashes.GetValueOrDefault(slot.ToString())).FirstOrDefault(crash => !CrashBackoff.IsDue(crash, now));

    /// <summary>Why a wake is refused while <paramref name="waiting"/> backs off, and how long until it may start.</summary>
    public static (string Problem, TimeSpan RetryAfter) Refused(CrashInfo waiting, DateTimeOffset now)
    {
        var retry = CrashBackoff.NextAttempt(waiting) - now;
        return ($"{waiting.Instance} crashed when the app last woke (exit code {waiting.LastExitCode}); next attempt in {Math.Ceiling(retry.TotalSeconds):0}s", retry);
    }

    /// <summary>The slots of the formation that have no instance among <paramref name="up"/>.</summary>
    public static IReadOnlyList<InstanceSlot> Unfilled(IEnumerable<InstanceSlot> slots, IReadOnlyList<InstanceInfo> up) =>
        slots.Where(slot => !up.Any(i => i.Process == slot.Process && i.Index == slot.Index)).ToList();

    /// <summary>Why a wake failed: the first slot that did not come up, else the slots no node took.</summary>
    public static string Problem(SlotStarts starts, IReadOnlyList<InstanceSlot> unfilled) => starts.Failed.Count > 0
        ? $"{starts.Failed[0].Slot} did not come up: {starts.Failed[0].Problem}"
        : $"no node could take {string.Join(", ", unfilled)}";

    /// <summary>When held requests may try again: once the longest back-off of a slot that failed ends, and not sooner than a second.</summary>
    public static TimeSpan RetryAfter(SlotStarts starts, DateTimeOffset now)
    {
        var wait = starts.Failed.Select(f => CrashBackoff.NextAttempt(f.Crash) - now).DefaultIfEmpty(TimeSpan.Zero).Max();
        return wait < SoonestRetry ? SoonestRetry : wait;
    }
}
