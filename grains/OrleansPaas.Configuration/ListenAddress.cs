using System.Net;

namespace OrleansPaas.Configuration;

/// <summary>
/// One URL of <c>Paas:GatewayUrls</c> / <c>GatewayHttpsUrls</c> / <c>ControlUrls</c> as an address and
/// port to listen on. The servers configure their listeners themselves (the TLS ones need a
/// handshake callback), and Kestrel then ignores UseUrls, so the URLs are read here.
/// </summary>
public sealed record ListenAddress(IPAddress? Address, int Port)
{
    /// <summary>The URLs of a setting: separated by <c>;</c>, blanks ignored.</summary>
    public static IReadOnlyList<string> Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>For settings that passed validation; a URL that does not parse throws with the sentence saying why.</summary>
    public static IReadOnlyList<ListenAddress> ParseList(string urls, string scheme, string setting) =>
        Split(urls).Select(u => Parse(u, scheme, setting)).ToList();

    public static ListenAddress Parse(string url, string scheme, string setting) =>
        TryParse(url, scheme, setting, out var address, out var problem) ? address : throw new InvalidOperationException(problem);

    /// <summary>False with one sentence naming the setting when <paramref name="url"/> is not <c>scheme://ADDRESS:PORT</c>.</summary>
    public static bool TryParse(string url, string scheme, string setting, out ListenAddress address, out string problem)
    {
        address = new ListenAddress(null, 0);
        problem = "";
        var normalized = url.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0");
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme != scheme)
        {
            problem = $"Paas:{setting}: '{url}' is not a {scheme}://ADDRESS:PORT URL";
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        if (host == "localhost")
        {
            address = new ListenAddress(null, uri.Port);
            return true;
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            problem = $"Paas:{setting}: '{url}' must name an IP address (0.0.0.0, [::], 127.0.0.1, …) or localhost";
            return false;
        }

        address = new ListenAddress(ip, uri.Port);
        return true;
    }
}
