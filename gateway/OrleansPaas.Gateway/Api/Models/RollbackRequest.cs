namespace OrleansPaas.Gateway.Api.Models;

/// <summary>Body of a rollback; no version means the deployed release before the current one.</summary>
public sealed record RollbackRequest(int? Version);
