namespace OrleansPaas.Contracts.Services;

/// <summary>An import that succeeded (<c>PUT /api/services/{name}/import</c>): how long the restore took and what the service holds now.</summary>
public sealed record ServiceImportView(string Service, double Seconds, string? Restored);
