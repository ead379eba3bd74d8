using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Grains.Supervision;

/// <summary>What starting a plan's slots gave: the instances that came up, those that did not, and slots no node could take.</summary>
public sealed record SlotStarts(IReadOnlyList<InstanceInfo> Up, IReadOnlyList<FailedStart> Failed, IReadOnlyList<InstanceSlot> Unplaced)
{
    /// <summary>When the earliest back-off of a slot that failed ends; null when none failed.</summary>
    public DateTimeOffset? NextAttempt => Failed.Count == 0 ? null : Failed.Min(f => CrashBackoff.NextAttempt(f.Crash));
}
