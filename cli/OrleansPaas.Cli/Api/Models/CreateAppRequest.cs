namespace OrleansPaas.Cli.Api.Models;

/// <summary>Body of <c>POST /api/apps</c>.</summary>
internal sealed record CreateAppRequest(string Name);
