namespace OrleansPaas.Gateway.Api.Models;

public sealed record DomainsView(string Default, IReadOnlyList<string> Domains);
