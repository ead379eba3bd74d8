using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// How the pre-receive hook reaches this node: loopback on the control port, with a secret that
/// lives only in this process and in the environment of the git processes it starts.
/// </summary>
public sealed class HookEndpoint(IServer server)
{
    private readonly Lazy<(string Host, int Port)> _address = new(() => Resolve(server));

    public string Secret { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string Host => _address.Value.Host;

    public string HostHeader => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
    public int Port => _address.Value.Port;

    public bool IsSecret(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(candidate), System.Text.Encoding.ASCII.GetBytes(Secret));

    private static (string, int) Resolve(IServer server)
    {
        // The control host serves only ControlUrls, so any of its http addresses reaches this process.
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            var uri = new Uri(address.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"));
            if (uri.Scheme != Uri.UriSchemeHttp)
            {
                continue;
            }

            var host = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)
                ? ip.ToString()
                : "127.0.0.1";
            // bash's /dev/tcp takes a bare IPv6 address; the Host header needs it in brackets.
            return (host, uri.Port);
        }

        throw new InvalidOperationException("The control port has no plain HTTP address for the git hook to call back on.");
    }
}
