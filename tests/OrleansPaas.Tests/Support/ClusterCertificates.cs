using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansPaas.Tests.Support;

/// <summary>Self-signed cluster credentials for tests, written as PFX files the way make-cluster-cert.sh does.</summary>
public static class ClusterCertificates
{
    /// <summary>A new self-signed certificate with its key, in a PFX file without password.</summary>
    public static string CreatePfx(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        return path;
    }
}
