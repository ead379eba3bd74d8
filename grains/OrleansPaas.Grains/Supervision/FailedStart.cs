using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// A slot whose instance did not come up: why, the crash record it left (its back-off), and the
/// parked container it was started from, which stays, stopped, for the next attempt.
/// </summary>
public sealed record FailedStart(InstanceSlot Slot, string Problem, CrashInfo Crash, InstanceInfo? Parked);
