namespace OrleansPaas.Grains.Tls.Acme;

/// <summary>An ACME server's problem document (RFC 7807 / RFC 8555 §6.7): its type and, above all, its own words.</summary>
public sealed class AcmeProblemException(string type, string detail, int status)
    : Exception(string.IsNullOrWhiteSpace(detail) ? $"the ACME server answered {status} ({type})" : detail)
{
    public const string BadNonce = "urn:ietf:params:acme:error:badNonce";

    public string Type { get; } = type;

    public int Status { get; } = status;
}
