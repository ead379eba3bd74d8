using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// One URL of <c>Paas:GatewayUrls</c> / <c>Paas:GatewayHttpsUrls</c> as a Kestrel listener. The
/// gateway configures its listeners itself (the TLS ones need a handshake callback), and Kestrel
/// then ignores UseUrls, so the URLs are read here.
/// </summary>
public sealed record ListenAddress(IPAddress? Address, int Port)
{
    public static IReadOnlyList<ListenAddress> ParseList(string urls, string scheme, string setting) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => Parse(u, scheme, setting)).ToList();

    public static ListenAddress Parse(string url, string scheme, string setting)
    {
        var normalized = url.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0");
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme != scheme)
        {
            throw new InvalidOperationException($"Paas:{setting}: '{url}' is not a {scheme}://ADDRESS:PORT URL");
        }

        var host = uri.Host.Trim('[', ']');
        if (host == "localhost")
        {
            return new ListenAddress(null, uri.Port);
        }

        return IPAddress.TryParse(host, out var address)
            ? new ListenAddress(address, uri.Port)
            : throw new InvalidOperationException($"Paas:{setting}: '{url}' must name an IP address (0.0.0.0, [::], 127.0.0.1, …) or localhost");
    }

    public void Listen(KestrelServerOptions kestrel, Action<ListenOptions> configure)
    {
        if (Address is null)
        {
            kestrel.ListenLocalhost(Port, configure);
        }
        else
        {
            kestrel.Listen(Address, Port, configure);
        }
    }
}
