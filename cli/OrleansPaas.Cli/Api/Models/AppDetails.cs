namespace OrleansPaas.Cli.Api.Models;

/// <summary><c>GET /api/apps/{app}</c> and the answer to <c>POST /api/apps</c>.</summary>
internal sealed record AppDetails
{
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset? CreatedAt { get; init; }
    public Release? Release { get; init; }
    public IReadOnlyList<string> Domains { get; init; } = [];
    public IReadOnlyDictionary<string, int> Formation { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<Instance> Instances { get; init; } = [];
    public int ConfigVars { get; init; }
    public long ImageBytes { get; init; }
}
