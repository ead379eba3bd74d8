namespace OrleansPaas.Contracts.Services;

/// <summary>Body of <c>POST /api/services/{name}/move</c> (<c>services:move NAME NODE</c>); answered with NDJSON progress.</summary>
public sealed record MoveServiceRequest(string? Node);
