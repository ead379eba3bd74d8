namespace OrleansPaas.Gateway.Api.Models;

public sealed record DomainRequest(string? Domain);
