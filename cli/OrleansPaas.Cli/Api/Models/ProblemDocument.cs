namespace OrleansPaas.Cli.Api.Models;

/// <summary>An RFC 9457 problem details body, as the API sends for every error.</summary>
internal sealed record ProblemDocument
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}
