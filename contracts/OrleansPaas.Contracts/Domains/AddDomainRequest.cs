namespace OrleansPaas.Contracts.Domains;

/// <summary>Body of <c>POST /api/apps/{app}/domains</c>.</summary>
public sealed record AddDomainRequest(string? Domain);
