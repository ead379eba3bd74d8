namespace OrleansPaas.Contracts.Processes;

/// <summary><c>GET /api/apps/{app}/ps</c>: the app's state, desired process counts, instances and sleep.</summary>
public sealed record ProcessReport
{
    public string Status { get; init; } = "";
    public IReadOnlyDictionary<string, int> Formation { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<InstanceView> Instances { get; init; } = [];

    /// <summary>Null from a server older than sleeping apps.</summary>
    public SleepView? Sleep { get; init; }

    /// <summary>Why the app's instances run on the node they do (its storage lives there); null: placed freely.</summary>
    public string? Placement { get; init; }

    /// <summary>Capabilities and devices given with <c>ps:set cap-add|device</c>, applied from the next deploy or restart.</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> Devices { get; init; } = [];
}
