namespace OrleansPaas.Contracts.Certs;

/// <summary>Body of <c>PUT /api/apps/{app}/certs</c>: the PEM chain (leaf first) and its unencrypted PEM private key.</summary>
public sealed record CertificateRequest(string? Certificate, string? Key);
