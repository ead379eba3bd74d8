namespace OrleansPaas.Contracts.Certs;

/// <summary>Body of <c>PUT /api/apps/{app}/certs/hsts</c>.</summary>
public sealed record HstsRequest(bool Enabled);
