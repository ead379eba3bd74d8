namespace OrleansPaas.Cli.Api.Models;

/// <summary>Body of <c>POST /api/apps/{app}/run</c>: an argument list, never a shell string.</summary>
internal sealed record RunRequest(IReadOnlyList<string> Command);
