namespace OrleansPaas.Contracts.Services;

/// <summary>Body of <c>PUT /api/services/{name}/links/{app}</c> (may be left out): <c>as</c> null for DATABASE_URL (postgres) or REDIS_URL (redis).</summary>
public sealed record LinkServiceRequest(string? As);
