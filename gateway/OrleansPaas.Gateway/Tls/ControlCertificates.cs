using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Configuration;
using OrleansPaas.Tls;

namespace OrleansPaas.Gateway.Tls;

/// <summary>
/// The certificate of the control port's <c>https://</c> URLs: the PEM pair of
/// <c>Paas:ControlCertificate</c>, loaded once at start, or the ACME certificate of
/// <c>Paas:ControlHost</c> from the in-memory TLS table (served once it is issued).
/// </summary>
public sealed class ControlCertificates
{
    private readonly RouteSnapshotStore _store;
    private readonly SslServerAuthenticationOptions? _fixed;
    private readonly string? _host;

    public ControlCertificates(RouteSnapshotStore store, IOptions<PaasOptions> options)
    {
        _store = store;
        var settings = options.Value;
        _host = settings.ControlHost;
        if (settings.ControlCertificate.IsSet)
        {
            _fixed = new SslServerAuthenticationOptions
            {
                // offline: the chain is what the file holds; nothing is fetched per handshake.
                ServerCertificateContext = SslStreamCertificateContext.Create(Load(settings.ControlCertificate), Intermediates(settings.ControlCertificate),
                    offline: true),
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            };
        }
    }

    public ValueTask<SslServerAuthenticationOptions> SelectAsync(TlsHandshakeCallbackContext context)
    {
        if (_fixed is not null)
        {
            return ValueTask.FromResult(_fixed);
        }

        if (_store.Current.Certificates.ByApp.TryGetValue(IControlCertificateGrain.TlsKey, out var issued))
        {
            return ValueTask.FromResult(issued.Options);
        }

        throw new AuthenticationException($"the control port's certificate for {_host} is not issued yet");
    }

    private static X509Certificate2 Load(ControlCertificateOptions settings) =>
        X509Certificate2.CreateFromPemFile(settings.Path!, settings.KeyPath);

    /// <summary>The certificates after the leaf in the PEM file: sent along so clients can build the chain.</summary>
    private static X509Certificate2Collection Intermediates(ControlCertificateOptions settings)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(settings.Path!);
        return new X509Certificate2Collection(all.Skip(1).ToArray());
    }
}
