using System.Security.Cryptography.X509Certificates;

namespace OrleansPaas.Configuration.Credentials;

/// <summary>
/// The shared cluster credential: one certificate with its key, the same on every node
/// (checked at start by <see cref="Validation.ClusterValidator"/>).
/// </summary>
public static class ClusterCertificate
{
    public static X509Certificate2 Load(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);

    /// <summary>The peer holds the credential: the very same certificate (and so the same key pair).</summary>
    public static bool IsSame(X509Certificate2 local, X509Certificate2? remote) =>
        remote is not null && local.RawDataMemory.Span.SequenceEqual(remote.RawDataMemory.Span);
}
