namespace OrleansPaas.Contracts.Apps;

/// <summary>Body of <c>POST /api/apps</c>; the server answers a missing name as an invalid one.</summary>
public sealed record CreateAppRequest(string? Name);
