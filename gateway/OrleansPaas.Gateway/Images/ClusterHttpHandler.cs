using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OrleansPaas.Configuration.Credentials;

namespace OrleansPaas.Gateway.Images;

/// <summary>
/// The one way a node calls another's internal listener (images, volumes, service consoles): mutual TLS with
/// the node's credential, both ways. This node proves itself with the certificate (no token crosses the
/// network) and talks only to a peer holding the same one.
/// </summary>
public static class ClusterHttpHandler
{
    public static SocketsHttpHandler Create(NodeCredential credential, TimeSpan connectTimeout) => new()
    {
        UseProxy = false,
        ConnectTimeout = connectTimeout,
        AutomaticDecompression = DecompressionMethods.None,
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = [credential.Certificate],
            LocalCertificateSelectionCallback = (_, _, _, _, _) => credential.Certificate,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && credential.Admits(certificate as X509Certificate2 ?? new X509Certificate2(certificate)),
        },
    };
}
