namespace OrleansPaas.Gateway.Api.Models;

/// <summary>An own certificate: the PEM chain (leaf first) and its unencrypted PEM private key.</summary>
public sealed record CertificateRequest(string? Certificate, string? Key);

public sealed record HstsRequest(bool Enabled);
