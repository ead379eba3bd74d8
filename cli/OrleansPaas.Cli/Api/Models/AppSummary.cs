namespace OrleansPaas.Cli.Api.Models;

/// <summary>One row of <c>GET /api/apps</c>.</summary>
internal sealed record AppSummary
{
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public string Status { get; init; } = "";
    public int? Release { get; init; }
    public int Instances { get; init; }
}
