namespace OrleansPaas.Contracts.Processes;

/// <summary><c>GET /api/apps/{app}/ps</c>: the app's state, desired process counts, instances and sleep.</summary>
public sealed record ProcessReport
{
    public string Status { get; init; } = "";
    public IReadOnlyDictionary<string, int> Formation { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<InstanceView> Instances { get; init; } = [];

    /// <summary>Null from a server older than sleeping apps.</summary>
    public SleepView? Sleep { get; init; }
}
