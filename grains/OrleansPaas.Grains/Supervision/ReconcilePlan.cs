using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// The corrections one app needs, decided by <see cref="AppReconciler.Plan"/>: containers of the
/// current release that fill a slot the app had no instance for (adopted: after an activation, what
/// runs is learnt this way), instances that are gone (their node left, or the container was
/// removed), instances that exited, containers that are not the app's (strays, per node), slots to
/// start now and when the next back-off ends; for an app that should be awake but has parked
/// containers (a wake), which to start again and which to remove.
/// </summary>
public sealed record ReconcilePlan(
    IReadOnlyList<InstanceInfo> Adopted,
    IReadOnlyList<InstanceInfo> AdoptedParked,
    IReadOnlyList<InstanceInfo> Lost,
    IReadOnlyList<ExitedInstance> Exited,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Strays,
    IReadOnlyList<InstanceSlot> Due,
    DateTimeOffset? NextAttempt)
{
    /// <summary>Parked containers to start again where they are: the app should be awake (a wake).</summary>
    public IReadOnlyList<InstanceInfo> Resume { get; init; } = [];

    /// <summary>Parked containers of an app that should be awake that no slot uses: to remove.</summary>
    public IReadOnlyList<InstanceInfo> Unused { get; init; } = [];

    /// <summary>
    /// Non-web instances of a node that left the live set less than the partition bound ago: still
    /// counted as the app's (their slots are not started elsewhere), as the node may only be cut off
    /// and its workers running until it fences them. <see cref="NextAttempt"/> includes when the
    /// earliest hold ends.
    /// </summary>
    public IReadOnlyList<InstanceInfo> Held { get; init; } = [];

    /// <summary>
    /// Non-web slots without an instance that wait: a node that left less than the partition bound
    /// ago was never listed by this activation, so one of them may still run there.
    /// </summary>
    public IReadOnlyList<InstanceSlot> HeldSlots { get; init; } = [];

    /// <summary>Something to correct now, or a hold whose end must be scheduled.</summary>
    public bool NeedsLook => !IsEmpty || Held.Count > 0 || HeldSlots.Count > 0;

    /// <summary>Nothing to correct now (a back-off that ends later is not a correction).</summary>
    public bool IsEmpty => Adopted.Count == 0 && AdoptedParked.Count == 0 && Lost.Count == 0 && Exited.Count == 0 && Strays.Count == 0 && Due.Count == 0
        && Resume.Count == 0 && Unused.Count == 0;

    /// <summary>The instances that still serve once the lost and exited ones are taken out.</summary>
    public IReadOnlyList<InstanceInfo> Remaining(IReadOnlyList<InstanceInfo> instances) => AppReconciler.Remaining(instances, Lost, Exited);
}
