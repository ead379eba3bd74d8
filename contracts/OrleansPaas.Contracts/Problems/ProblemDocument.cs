namespace OrleansPaas.Contracts.Problems;

/// <summary>An RFC 9457 problem details body, as the API sends for every error (written by ASP.NET Core's problem details).</summary>
public sealed record ProblemDocument
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }

    /// <summary>Field name → messages, on a validation problem.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}
