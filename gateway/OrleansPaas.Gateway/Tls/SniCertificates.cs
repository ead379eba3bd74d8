using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using OrleansPaas.Gateway.Routing;

namespace OrleansPaas.Gateway.Tls;

/// <summary>
/// Picks the certificate for a TLS handshake by the name the client asked for (SNI), from the
/// in-memory snapshot: no grain call per handshake. A name without a certificate ends the handshake
/// with an error rather than being answered with another app's certificate.
/// </summary>
public sealed class SniCertificates(RouteSnapshotStore store)
{
    public ValueTask<SslServerAuthenticationOptions> SelectAsync(TlsHandshakeCallbackContext context)
    {
        var name = context.ClientHelloInfo.ServerName;
        if (!string.IsNullOrEmpty(name) && store.Current.TryGetHost(name, out var host) && host.Tls is { } tls)
        {
            return ValueTask.FromResult(tls.Options);
        }

        throw new AuthenticationException(string.IsNullOrEmpty(name)
            ? "the client sent no server name (SNI); certificates are chosen by name"
            : $"no certificate for '{name}'");
    }
}
