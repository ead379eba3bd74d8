namespace OrleansPaas.Nodes;

/// <summary>
/// What a node reports about itself: where it is (its address, its control endpoint), its capacity
/// (memory, CPUs), the release images it holds and what really runs on its engine.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.NodeReport")]
public sealed record NodeReport(
    [property: Id(0)] string Name,
    [property: Id(1)] string Address,
    [property: Id(2)] IReadOnlyList<NodeInstance> Instances,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string ControlUrl = "",
    [property: Id(5)] long MemoryBytes = 0,
    [property: Id(6)] int Cpus = 0,
    [property: Id(7)] IReadOnlyList<string>? Images = null)
{
    /// <summary>Running instances: the load placement spreads.</summary>
    public int RunningCount => Instances.Count(i => i.Running);
}
