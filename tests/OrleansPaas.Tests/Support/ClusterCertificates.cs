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

    /// <summary>A cluster credential made by the shipped deploy/cluster/make-cluster-cert.sh (what the README tells users to run).</summary>
    public static async Task<string> MakeWithScriptAsync(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".pfx");
        var script = Path.Combine(RepositoryRoot.Path, "deploy", "cluster", "make-cluster-cert.sh");
        var result = await ProcessRunner.RunAsync("bash", [script, path]);
        return result.ExitCode == 0 ? path : throw new InvalidOperationException("make-cluster-cert.sh failed: " + result);
    }
}
