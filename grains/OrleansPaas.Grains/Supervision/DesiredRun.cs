using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// What one app should run, as reconciliation needs it: the release and formation, whether it is
/// stopped or asleep, the instances the app counts as its own (serving, parked, retiring) and the
/// crash records that decide each slot's back-off.
/// </summary>
public sealed record DesiredRun(
    ReleaseRecord? Current,
    IReadOnlyDictionary<string, int> Formation,
    bool Stopped,
    bool Sleeping,
    IReadOnlyList<InstanceInfo> Instances,
    IReadOnlyList<InstanceInfo> Parked,
    IReadOnlyCollection<string> Retiring,
    IReadOnlyDictionary<string, CrashInfo> Crashes);
