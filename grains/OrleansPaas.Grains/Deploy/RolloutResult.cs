using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Deploy;

/// <summary>The instances now serving a release (kept and started), or why the rollout failed (nothing new is left running then).</summary>
public sealed record RolloutResult(IReadOnlyList<InstanceInfo>? Instances, string? Problem)
{
    public bool Succeeded => Instances is not null;
    public static RolloutResult Failed(string problem) => new(null, problem);
}
