namespace OrleansPaas.Cli.Api.Models;

/// <summary>Body of <c>POST /api/apps/{app}/domains</c>.</summary>
internal sealed record AddDomainRequest(string Domain);
