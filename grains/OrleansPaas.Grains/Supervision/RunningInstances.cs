using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// What runs for one app, as its grain last saw and made it: the instances serving, the stopped
/// containers of a sleeping app, and each slot's crash record (its back-off). Held in memory, never
/// stored: after an activation it is read back from the nodes' engines (the containers' labels say
/// app, process, index and release), so storage only ever holds what should run.
/// </summary>
public sealed class RunningInstances
{
    public List<InstanceInfo> Instances { get; set; } = [];
    public List<InstanceInfo> Parked { get; set; } = [];
    public Dictionary<string, CrashInfo> Crashes { get; } = new(StringComparer.Ordinal);

    /// <summary>Nodes that answered a list of the app's containers in this activation: of the others, it does not know what runs there.</summary>
    public HashSet<string> Listed { get; } = new(StringComparer.Ordinal);

    /// <summary>Takes the plan's adopted containers as the app's own (containers found running, or parked, for slots that had none).</summary>
    public void Adopt(ReconcilePlan plan)
    {
        Instances = Instances.Concat(plan.Adopted).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        Parked = Parked.Concat(plan.AdoptedParked).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A deploy committed: <paramref name="serving"/> are the app's instances (asleep, its parked containers), their slots recovered.</summary>
    public void Deployed(IReadOnlyList<InstanceInfo> serving, bool asleep)
    {
        Instances = asleep ? [] : serving.ToList();
        Parked = asleep ? serving.ToList() : [];
        foreach (var instance in serving)
        {
            MarkRecovered(instance.Name);
        }
    }

    /// <summary>Instances that came up (started, resumed or adopted) serve: no longer parked, their slots recovered.</summary>
    public void Serve(IReadOnlyList<InstanceInfo> up)
    {
        Instances = Instances.Concat(up).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        Parked = Parked.Where(p => up.All(u => u.ContainerId != p.ContainerId)).ToList();
        foreach (var instance in up)
        {
            MarkRecovered(instance.Name);
        }
    }

    /// <summary>A slot's instance crashed or did not come up: its crash record, which sets its restart back-off.</summary>
    public CrashInfo RecordCrash(string slot, long exitCode, IReadOnlyList<string> output, DateTimeOffset now) =>
        Crashes[slot] = CrashBackoff.Record(Crashes.GetValueOrDefault(slot), slot, exitCode, output, now);

    /// <summary>The slot runs again: its crash record stays for <c>ps:report</c> but no longer restarts it.</summary>
    public void MarkRecovered(string slot)
    {
        if (Crashes.TryGetValue(slot, out var crash) && crash.Restarting)
        {
            Crashes[slot] = crash with { Restarting = false };
        }
    }

    /// <summary>Forgets everything (the app was destroyed).</summary>
    public void Forget()
    {
        Instances = [];
        Parked = [];
        Crashes.Clear();
    }
}
