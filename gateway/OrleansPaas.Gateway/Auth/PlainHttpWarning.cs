using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// Warns once at start when the control port (git and the API, so the admin token) is served
/// over plain HTTP on an address other machines can reach: the token would cross the network
/// in clear text.
/// </summary>
public sealed partial class PlainHttpWarning(IOptions<PaasOptions> options, ILogger<PlainHttpWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var exposed = ReachableWithoutTls(options.Value.ControlUrls);
        if (exposed.Count > 0)
        {
            LogExposed(logger, string.Join(", ", exposed));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The <c>http://</c> URLs of the list whose address is not loopback-only.</summary>
    public static IReadOnlyList<string> ReachableWithoutTls(string controlUrls) =>
        controlUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopbackOnly(url))
            .ToList();

    private static bool IsLoopbackOnly(string url)
    {
        // Kestrel's wildcards (*, +) are not valid URI hosts; they listen everywhere.
        var authority = url["http://".Length..].Split('/')[0];
        var host = authority.StartsWith('[') ? authority[1..authority.IndexOf(']')] : authority.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The control port ({Urls}) serves git and the API over plain HTTP to other machines: " +
        "the admin token would cross the network in clear text. Serve it over HTTPS (an https:// URL in Paas:ControlUrls, with " +
        "Paas:ControlCertificate:Path/KeyPath or Paas:ControlHost for a certificate from ACME), or bind it to 127.0.0.1 and use an SSH tunnel")]
    private static partial void LogExposed(ILogger logger, string urls);
}
