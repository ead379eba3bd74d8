using Orleans.Connections.Security;
using OrleansPaas.Configuration.Credentials;

namespace OrleansPaas.Silo.Hosting;

/// <summary>Silo-to-silo traffic over mutual TLS with the node's credential: one set-up for a single node and a cluster.</summary>
public static class SiloTls
{
    public static ISiloBuilder UseMutualTls(this ISiloBuilder silo, NodeCredential credential)
    {
        silo.UseTls(credential.Certificate, tls =>
        {
            // Mutual: whatever dials in must present a certificate too, and either side accepts the
            // other only if it is the node's credential itself. It is typically self-signed, so chain
            // errors are expected and not what decides. A connection without it never gets past the
            // handshake, so it never reaches the Orleans protocol, let alone a grain.
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = (remote, _, _) => credential.Admits(remote);
        });
        return silo;
    }
}
