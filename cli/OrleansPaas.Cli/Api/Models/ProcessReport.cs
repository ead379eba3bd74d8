namespace OrleansPaas.Cli.Api.Models;

/// <summary>The app's state, desired process counts and running instances.</summary>
internal sealed record ProcessReport
{
    public string Status { get; init; } = "";
    public IReadOnlyDictionary<string, int> Formation { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<Instance> Instances { get; init; } = [];

    /// <summary>Null from a server older than sleeping apps.</summary>
    public SleepView? Sleep { get; init; }
}
