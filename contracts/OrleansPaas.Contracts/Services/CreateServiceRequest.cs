namespace OrleansPaas.Contracts.Services;

/// <summary>Body of <c>POST /api/services</c>: kind <c>postgres</c> or <c>redis</c>; <c>version</c> null for the configured image.</summary>
public sealed record CreateServiceRequest(string? Kind, string? Name, string? Version);
