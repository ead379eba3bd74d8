namespace OrleansPaas.Cli.Api.Models;

/// <summary>One running container of an app.</summary>
internal sealed record Instance
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Process { get; init; } = "";
    public int Release { get; init; }
    public string? Endpoint { get; init; }
    public string State { get; init; } = "";
}
