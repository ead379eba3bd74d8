using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

/// <summary>
/// Reads a PEM certificate chain (leaf first) and its private key as a user gives them, and says in
/// one sentence what is wrong when they cannot be served: no certificate, a key that is not a key,
/// a key of another certificate, a certificate not yet or no longer valid.
/// </summary>
public static class CertificateReader
{
    public static AppCertificate? Read(string chainPem, string keyPem, string source, DateTimeOffset now, out string? problem)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(chainPem ?? "");
        }
        catch (CryptographicException ex)
        {
            problem = $"the certificate file is not valid PEM ({ex.Message})";
            return null;
        }

        if (chain.Count == 0)
        {
            problem = "the certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
            return null;
        }

        using var key = ReadKey(keyPem ?? "");
        if (key is null)
        {
            problem = "the key file holds no unencrypted PEM private key (RSA or EC)";
            return null;
        }

        var leaf = chain[0];
        var leafKey = (AsymmetricAlgorithm?)leaf.GetRSAPublicKey() ?? leaf.GetECDsaPublicKey();
        using (leafKey)
        {
            if (leafKey is null || !leafKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                problem = "the private key does not belong to the certificate";
                return null;
            }
        }

        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
        if (notAfter <= now)
        {
            problem = $"the certificate expired on {notAfter:yyyy-MM-dd HH:mm} UTC";
            return null;
        }

        if (notBefore > now)
        {
            problem = $"the certificate is not valid before {notBefore:yyyy-MM-dd HH:mm} UTC";
            return null;
        }

        var names = DnsNames(leaf);
        if (names.Count == 0)
        {
            problem = "the certificate names no DNS host (no subject alternative name or common name)";
            return null;
        }

        problem = null;
        var normalizedChain = string.Concat(chain.Select(c => c.ExportCertificatePem() + "\n"));
        var normalizedKey = new string(PemEncoding.Write("PRIVATE KEY", key.ExportPkcs8PrivateKey()));
        return new AppCertificate(normalizedChain, normalizedKey, source, names, notBefore, notAfter, leaf.Subject, leaf.Issuer,
            leaf.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant());
    }

    /// <summary>The leaf's DNS names: its subject alternative names, else its common name.</summary>
    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate)
    {
        var alternative = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var names = alternative?.EnumerateDnsNames().ToList() ?? [];
        if (names.Count == 0 && certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } common)
        {
            names.Add(common);
        }

        return names.Select(n => n.Trim().TrimEnd('.').ToLowerInvariant()).Distinct().ToList();
    }

    private static AsymmetricAlgorithm? ReadKey(string pem)
    {
        AsymmetricAlgorithm[] candidates = [RSA.Create(), ECDsa.Create()];
        AsymmetricAlgorithm? read = null;
        foreach (var candidate in candidates)
        {
            if (read is null)
            {
                try
                {
                    candidate.ImportFromPem(pem);
                    read = candidate;
                    continue;
                }
                catch (Exception ex) when (ex is CryptographicException or ArgumentException)
                {
                }
            }

            candidate.Dispose();
        }

        return read;
    }
}
