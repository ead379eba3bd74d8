using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// The compare half of supervision for one app, without Orleans or Docker: desired × observed →
/// the corrections to make. The app grain carries them out (routes first, then crash output,
/// strays, parked containers started again, and new instances), so the rules live here once and
/// are tested on their own. A wake is the same plan for the app desired awake.
/// </summary>
public static class AppReconciler
{
    public static ReconcilePlan Plan(DesiredRun desired, ObservedRun observed, DateTimeOffset now)
    {
        var lost = new List<InstanceInfo>();
        var exited = new List<ExitedInstance>();
        var held = new List<InstanceInfo>();
        DateTimeOffset? holdEnds = null;
        foreach (var instance in desired.Instances)
        {
            var onLiveNode = observed.Live.Contains(instance.Node);
            if (onLiveNode && !observed.Answered(instance.Node))
            {
                // The node is alive but did not answer: decide on a later pass. Unless its death was
                // reported: then it left the routes already, and must not be put back in them.
                if (observed.ReportedExit(instance) is { } reported)
                {
                    exited.Add(Exited(instance, reported));
                }

                continue;
            }

            if (!onLiveNode && HoldUntil(instance, desired, observed, now) is { } until)
            {
                // Its node may only be cut off, the worker still running until the node fences it.
                held.Add(instance);
                holdEnds = holdEnds is { } earlier && earlier < until ? earlier : until;
                continue;
            }

            var seen = onLiveNode ? observed.Find(instance) : null;
            if (seen is { Running: true })
            {
                continue;
            }

            if (seen is null)
            {
                lost.Add(instance);
                continue;
            }

            exited.Add(Exited(instance, seen.ExitCode ?? -1));
        }

        ExitedInstance Exited(InstanceInfo instance, long exitCode) => new(instance, exitCode,
            CrashBackoff.Record(desired.Crashes.GetValueOrDefault(instance.Name), instance.Name, exitCode, [], now));

        var (adopted, adoptedParked) = Adoptable(desired, observed);
        var strays = Strays(desired with { Instances = [.. desired.Instances, .. adopted], Parked = [.. desired.Parked, .. adoptedParked] }, observed);
        var serving = desired with { Instances = [.. desired.Instances, .. adopted] };
        var (resume, unused) = Unpark(serving with { Instances = Remaining(serving.Instances, lost, exited) }, observed, now);
        var (due, next, unseenHeld) = Missing(serving with { Instances = [.. serving.Instances, .. resume] }, observed, lost, exited, now);
        return new ReconcilePlan(adopted, adoptedParked, lost, exited, strays, due, new[] { next, holdEnds }.Min())
        {
            Resume = resume, Unused = unused, Held = held, HeldSlots = unseenHeld,
        };
    }

    /// <summary>
    /// When a non-web instance of a node that left the live set may be re-placed: once the partition
    /// bound has passed since the node was first seen gone (a node not noted yet is gone from now).
    /// Null when it may be re-placed now: a web instance (the cut-off node's may keep serving its
    /// last routes, the survivors' serve the rest), no bound, or the bound has passed.
    /// </summary>
    private static DateTimeOffset? HoldUntil(InstanceInfo instance, DesiredRun desired, ObservedRun observed, DateTimeOffset now)
    {
        if (instance.Process == Rollout.WebProcess || desired.PartitionBound <= TimeSpan.Zero)
        {
            return null;
        }

        var until = observed.GoneSince.GetValueOrDefault(instance.Node, now) + desired.PartitionBound;
        return until > now ? until : null;
    }

    /// <summary>
    /// An app that should be awake but still has parked containers (a wake): each slot's parked
    /// container of the current release starts again where it is, unless its node left or its engine
    /// no longer has it (then the slot is missing and gets a new one). A node that did not answer is
    /// asked all the same: its answer to the start says whether the container is still there. The
    /// parked containers no slot uses (another release's, scaled away while asleep, gone) are to be
    /// removed; one whose slot waits out a crash back-off stays parked until it ends.
    /// </summary>
    private static (List<InstanceInfo> Resume, List<InstanceInfo> Unused) Unpark(DesiredRun desired, ObservedRun observed, DateTimeOffset now)
    {
        var resume = new List<InstanceInfo>();
        var unused = new List<InstanceInfo>();
        if (desired.Sleeping || desired.Parked.Count == 0)
        {
            return (resume, unused);
        }

        var slots = desired.Current is { } release && !desired.Stopped ? Rollout.Slots(release, desired.Formation).ToHashSet() : [];
        var taken = desired.Instances.Select(i => new InstanceSlot(i.Process, i.Index)).ToHashSet();
        foreach (var parked in desired.Parked)
        {
            var slot = new InstanceSlot(parked.Process, parked.Index);
            var gone = !observed.Live.Contains(parked.Node) || (observed.Answered(parked.Node) && observed.Find(parked) is null);
            if (gone || parked.ReleaseVersion != desired.Current?.Version || !slots.Contains(slot) || taken.Contains(slot))
            {
                unused.Add(parked);
            }
            else if (CrashBackoff.IsDue(desired.Crashes.GetValueOrDefault(slot.ToString()), now))
            {
                taken.Add(slot);
                resume.Add(parked);
            }
        }

        return (resume, unused);
    }

    /// <summary>
    /// Containers of the current release in a slot of the formation that the app has no instance
    /// for: running ones become instances (parked ones, of a sleeping app, its parked containers).
    /// This is how a new activation learns what runs; a container of another release, or a second
    /// one for a slot, stays a stray.
    /// </summary>
    private static (List<InstanceInfo> Running, List<InstanceInfo> Parked) Adoptable(DesiredRun desired, ObservedRun observed)
    {
        var running = new List<InstanceInfo>();
        var parked = new List<InstanceInfo>();
        if (desired.Current is not { } release || desired.Stopped)
        {
            return (running, parked);
        }

        var slots = Rollout.Slots(release, desired.Formation).ToHashSet();
        var own = desired.Instances.Concat(desired.Parked).Select(i => i.ContainerId).Concat(desired.Retiring).ToHashSet(StringComparer.Ordinal);
        var taken = (desired.Sleeping ? desired.Parked : desired.Instances).Select(i => new InstanceSlot(i.Process, i.Index)).ToHashSet();
        var candidates = observed.ByNode.Where(n => observed.Live.Contains(n.Key)).SelectMany(n => n.Value)
            .Where(c => !own.Contains(c.Instance.ContainerId) && c.Instance.ReleaseVersion == release.Version
                && c.Running != desired.Sleeping)
            .OrderBy(c => c.Instance.ContainerId, StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var slot = new InstanceSlot(candidate.Instance.Process, candidate.Instance.Index);
            if (slots.Contains(slot) && taken.Add(slot))
            {
                (desired.Sleeping ? parked : running).Add(candidate.Instance);
            }
        }

        return (running, parked);
    }

    /// <summary>
    /// Containers of the app that are none of its instances: left by a deploy that never committed
    /// (its node died mid-way), or by a node that was declared dead and came back.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>> Strays(DesiredRun desired, ObservedRun observed)
    {
        var own = desired.Instances.Concat(desired.Parked).Select(i => i.ContainerId).Concat(desired.Retiring).ToHashSet(StringComparer.Ordinal);
        var strays = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (node, seen) in observed.ByNode)
        {
            var ids = seen.Select(s => s.Instance.ContainerId).Where(id => !own.Contains(id)).ToList();
            if (ids.Count > 0)
            {
                strays[node] = ids;
            }
        }

        return strays;
    }

    /// <summary>
    /// Slots of the formation without an instance: those to start now, and when the earliest of the
    /// others' back-off ends. Non-web slots wait while a node that left less than the partition bound
    /// ago was never listed by this run (a new activation does not know what ran there: its worker may
    /// still run until that node fences it); they are returned apart, with the wait's end in Next.
    /// </summary>
    private static (IReadOnlyList<InstanceSlot> Due, DateTimeOffset? Next, IReadOnlyList<InstanceSlot> UnseenHeld) Missing(DesiredRun desired,
        ObservedRun observed, IReadOnlyList<InstanceInfo> lost, IReadOnlyList<ExitedInstance> exited, DateTimeOffset now)
    {
        if (desired.Current is not { } release || desired.Stopped || desired.Sleeping || observed.Live.Count == 0)
        {
            return ([], null, []);
        }

        var remaining = Remaining(desired.Instances, lost, exited);
        var crashes = new Dictionary<string, CrashInfo>(desired.Crashes, StringComparer.Ordinal);
        foreach (var exit in exited)
        {
            crashes[exit.Instance.Name] = exit.Crash;
        }

        var missing = Rollout.Slots(release, desired.Formation)
            .Where(slot => !remaining.Any(i => i.Process == slot.Process && i.Index == slot.Index))
            .ToList();
        var blindUntil = BlindUntil(desired, observed, now);
        var unseenHeld = blindUntil is null ? [] : missing.Where(slot => slot.Process != Rollout.WebProcess).ToList();
        missing = missing.Except(unseenHeld).ToList();
        var due = missing.Where(slot => CrashBackoff.IsDue(crashes.GetValueOrDefault(slot.ToString()), now)).ToList();
        var next = missing.Except(due).Select(slot => CrashBackoff.NextAttempt(crashes[slot.ToString()])).DefaultIfEmpty().Min();
        return (due, new[] { next == default ? (DateTimeOffset?)null : next, unseenHeld.Count > 0 ? blindUntil : null }.Min(), unseenHeld);
    }

    /// <summary>When the last node that left less than the partition bound ago, and that this run never listed, has surely fenced its workers.</summary>
    private static DateTimeOffset? BlindUntil(DesiredRun desired, ObservedRun observed, DateTimeOffset now)
    {
        if (desired.PartitionBound <= TimeSpan.Zero)
        {
            return null;
        }

        var until = observed.Unseen.Where(observed.GoneSince.ContainsKey).Select(node => observed.GoneSince[node] + desired.PartitionBound)
            .Where(end => end > now).DefaultIfEmpty().Max();
        return until == default ? null : until;
    }

    /// <summary>The instances that still serve once the lost and exited ones are taken out.</summary>
    public static IReadOnlyList<InstanceInfo> Remaining(IReadOnlyList<InstanceInfo> instances, IReadOnlyList<InstanceInfo> lost, IReadOnlyList<ExitedInstance> exited) =>
        instances.Where(i => lost.All(l => l.ContainerId != i.ContainerId) && exited.All(e => e.Instance.ContainerId != i.ContainerId)).ToList();
}
