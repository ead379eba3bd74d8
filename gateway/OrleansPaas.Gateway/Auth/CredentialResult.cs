using OrleansPaas.Access;

namespace OrleansPaas.Gateway.Auth;

/// <summary>The verdict, who it is when accepted, and the sentence of a refusal.</summary>
public sealed record CredentialResult(CredentialVerdict Verdict, PaasPrincipal? Principal = null, string? Reason = null);
