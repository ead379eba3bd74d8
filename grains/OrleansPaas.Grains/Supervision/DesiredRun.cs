using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// What one app should run, as reconciliation needs it: the release and formation, whether it is
/// stopped or asleep, the instances the app counts as its own (serving, parked, retiring) and the
/// crash records that decide each slot's back-off.
/// </summary>
/// <remarks>
/// <see cref="PartitionBound"/> is the cluster's bound T (<c>Paas:Cluster:PartitionBound</c>): a node cut
/// off for longer stops its own non-web instances, so those of a node that left the live set are
/// re-placed only once T has passed since it was first seen gone. Zero re-places them at once.
/// </remarks>
public sealed record DesiredRun(
    ReleaseRecord? Current,
    IReadOnlyDictionary<string, int> Formation,
    bool Stopped,
    bool Sleeping,
    IReadOnlyList<InstanceInfo> Instances,
    IReadOnlyList<InstanceInfo> Parked,
    IReadOnlyCollection<string> Retiring,
    IReadOnlyDictionary<string, CrashInfo> Crashes)
{
    public TimeSpan PartitionBound { get; init; }
}
