namespace OrleansPaas.Tls;

/// <summary>
/// An app's TLS certificate as the platform keeps it: the PEM chain (leaf first), its private key
/// (PEM, never returned by the API), and what was read from the leaf when it was accepted.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.AppCertificate")]
public sealed record AppCertificate(
    [property: Id(0)] string ChainPem,
    [property: Id(1)] string KeyPem,
    [property: Id(2)] string Source,
    [property: Id(3)] IReadOnlyList<string> Names,
    [property: Id(4)] DateTimeOffset NotBefore,
    [property: Id(5)] DateTimeOffset NotAfter,
    [property: Id(6)] string Subject,
    [property: Id(7)] string Issuer,
    [property: Id(8)] string Fingerprint)
{
    public const string OwnSource = "own";
    public const string LetsEncryptSource = "letsencrypt";

    /// <summary>True when a name of the certificate matches <paramref name="host"/> (a wildcard covers one label).</summary>
    public bool Covers(string host) => Names.Any(name => HostMatches(name, host));

    public static bool HostMatches(string name, string host)
    {
        if (string.Equals(name, host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!name.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }

        var dot = host.IndexOf('.');
        return dot > 0 && string.Equals(name[1..], host[dot..], StringComparison.OrdinalIgnoreCase);
    }
}
