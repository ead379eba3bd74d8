namespace OrleansPaas.Contracts.Services;

/// <summary>An app linked to a service and the config var holding the service's URL.</summary>
public sealed record ServiceLinkView(string App, string Variable);
