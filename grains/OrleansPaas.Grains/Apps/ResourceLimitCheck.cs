using OrleansPaas.Apps;
using OrleansPaas.Resources;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// A <c>resource:limit</c> request checked before anything changes. The API parses what users
/// write; this checks again what any caller sends, and the CPU share against the nodes' cores.
/// </summary>
public static class ResourceLimitCheck
{
    /// <summary>Why <paramref name="change"/> cannot be stored, or null.</summary>
    public static AppCommandResult? Refusal(ResourceLimits change)
    {
        if (change.NanoCpus is null && change.MemoryBytes is null)
        {
            return AppCommandResult.Invalid("limits", "give --cpu, --memory or both, e.g. --cpu 0.5 --memory 256m");
        }

        if (change.NanoCpus < CpuAmount.SmallestNanos)
        {
            return AppCommandResult.Invalid("cpu", $"--cpu must be at least {CpuAmount.Format(CpuAmount.SmallestNanos)} of a core");
        }

        return change.MemoryBytes is < MemorySize.SmallestBytes or > MemorySize.LargestBytes
            ? AppCommandResult.Invalid("memory", $"--memory must be at least {MemorySize.Format(MemorySize.SmallestBytes)}")
            : null;
    }

    /// <summary>
    /// Refuses a CPU share no node could give (<paramref name="mostCores"/>: the largest live node's;
    /// 0 when no node answered, and then the node that starts a container fits it to its cores).
    /// </summary>
    public static AppCommandResult? Cores(ResourceLimits change, int mostCores) =>
        mostCores > 0 && change.NanoCpus > mostCores * CpuAmount.NanosPerCore
            ? AppCommandResult.Invalid("cpu", $"--cpu {CpuAmount.Format(change.NanoCpus.Value)} is more than the {mostCores} cores of the largest node")
            : null;
}
