using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansPaas.Configuration.Credentials;

/// <summary>
/// A single node's own credential for its silo port and internal listener: made on the first start
/// into the data folder (owner-only) and read back on every later one, so the node needs no setup
/// and keeps one identity across restarts. Nobody else ever holds it, which is the point: whatever
/// dials the silo port without it is refused.
/// </summary>
public static class SingleNodeCertificate
{
    public static X509Certificate2 LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Write(path, Create());
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
    }

    private static byte[] Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orleanspaas-node", key, HashAlgorithmName.SHA256);
        // Both ends of a connection present it, so it serves as server and as client.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        // Peers compare the whole certificate, not its dates; a long life spares a renewal nobody needs.
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
        return certificate.Export(X509ContentType.Pkcs12);
    }

    /// <summary>Written beside its final name and renamed, so a crash never leaves half a key that a restart would trust.</summary>
    private static void Write(string path, byte[] pfx)
    {
        var partial = path + ".partial";
        using (var file = new FileStream(partial, new FileStreamOptions
               {
                   Mode = FileMode.Create, Access = FileAccess.Write,
                   UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        {
            file.Write(pfx);
            file.Flush(flushToDisk: true);
        }

        // An existing partial file kept its old mode on FileMode.Create.
        File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(partial, path, overwrite: false);
    }
}
