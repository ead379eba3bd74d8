using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Tls.Acme;

/// <summary>
/// The HTTP client the ACME client talks through: the system's roots, plus the roots of
/// <c>Paas:Acme:TrustedCaFile</c> for a private or test ACME server. The name must always match.
/// </summary>
public sealed class AcmeHttp : IDisposable
{
    private readonly X509Certificate2Collection _extraRoots = [];

    public AcmeHttp(IOptions<PaasOptions> options)
    {
        if (options.Value.Acme.TrustedCaFile is { Length: > 0 } file)
        {
            _extraRoots.ImportFromPemFile(file);
        }

        Client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
        })
        { Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("OrleansPaas-acme/1");
    }

    public HttpClient Client { get; }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || _extraRoots.Count == 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
        }

        return custom.Build(new X509Certificate2(certificate));
    }

    public void Dispose() => Client.Dispose();
}
