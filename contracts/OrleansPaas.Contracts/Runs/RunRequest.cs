namespace OrleansPaas.Contracts.Runs;

/// <summary>Body of <c>POST /api/apps/{app}/run</c>: an argument list, never a shell string.</summary>
public sealed record RunRequest(IReadOnlyList<string>? Command);
