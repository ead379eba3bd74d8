using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OrleansPaas.Tls;

namespace OrleansPaas.Gateway.Tls;

/// <summary>
/// One app's certificate made ready for handshakes: the key loaded and the chain built once, into
/// TLS options every connection for the app's hosts reuses.
/// </summary>
public sealed class GatewayCertificate
{
    public GatewayCertificate(TlsEntry entry)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(entry.Certificate.ChainPem);
        var leaf = X509Certificate2.CreateFromPem(chain[0].ExportCertificatePem(), entry.Certificate.KeyPem);
        var intermediates = new X509Certificate2Collection(chain.Skip(1).ToArray());
        Certificate = entry.Certificate;
        Hsts = entry.Hsts;
        Options = new SslServerAuthenticationOptions
        {
            // offline: the chain is what the app gave (or ACME sent); no fetching of issuers per handshake.
            ServerCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates, offline: true),
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        };
    }

    public AppCertificate Certificate { get; }

    public bool Hsts { get; }

    public SslServerAuthenticationOptions Options { get; }

    public bool SameAs(TlsEntry entry) => entry.Hsts == Hsts && entry.Certificate.Fingerprint == Certificate.Fingerprint;
}
