using System.Security.Cryptography.X509Certificates;

namespace OrleansPaas.Silo.Hosting;

/// <summary>The shared cluster credential: one certificate with its key, the same on every node.</summary>
public static class ClusterCertificate
{
    public const string HowToMakeOne =
        "make one with deploy/cluster/make-cluster-cert.sh, copy the same cluster.pfx to every node and set Paas:Cluster:CertificatePath (and Paas:Cluster:CertificatePassword if it has one)";

    public static X509Certificate2 Load(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);

    /// <summary>One sentence saying what is wrong with the configured certificate, or null when it is usable.</summary>
    public static string? Problem(string? path, string? password)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return $"Cluster mode needs the cluster certificate that authenticates nodes to each other: {HowToMakeOne}.";
        }

        if (!File.Exists(path))
        {
            return $"The cluster certificate {path} (Paas:Cluster:CertificatePath) does not exist: {HowToMakeOne}.";
        }

        try
        {
            using var certificate = Load(path, password);
            return certificate.HasPrivateKey
                ? null
                : $"The cluster certificate {path} has no private key: {HowToMakeOne}.";
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            return $"The cluster certificate {path} cannot be read ({OneLine(ex.Message)}): check Paas:Cluster:CertificatePassword, or {HowToMakeOne}.";
        }
    }

    /// <summary>The peer holds the cluster credential: the very same certificate (and so the same key pair).</summary>
    public static bool IsSame(X509Certificate2 local, X509Certificate2 remote) =>
        local.RawDataMemory.Span.SequenceEqual(remote.RawDataMemory.Span);

    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
