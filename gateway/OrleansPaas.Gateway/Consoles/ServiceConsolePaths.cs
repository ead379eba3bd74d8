namespace OrleansPaas.Gateway.Consoles;

/// <summary>The internal listener's route a service's console is relayed on (<c>services:connect</c> through another node); one place for the server and the client.</summary>
public static class ServiceConsolePaths
{
    public const string Prefix = "/internal/services/";

    public const string Route = Prefix + "{name}/connect";

    /// <summary>The WebSocket address on the internal listener at <paramref name="internalUrl"/> (an https URL: the same TLS, as wss).</summary>
    public static Uri For(Uri internalUrl, string service, bool tty) =>
        new UriBuilder(new Uri(internalUrl, $"{Prefix}{Uri.EscapeDataString(service)}/connect?tty={(tty ? "true" : "false")}"))
        {
            Scheme = internalUrl.Scheme == Uri.UriSchemeHttp ? "ws" : "wss",
        }.Uri;
}
