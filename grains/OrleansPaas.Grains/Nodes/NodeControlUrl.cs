using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Nodes;

/// <summary>Where other nodes reach this node's control endpoint: <c>Paas:NodeAddress</c> on the control port's scheme and port.</summary>
public static class NodeControlUrl
{
    public static string Of(PaasOptions options)
    {
        var first = options.ControlUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://0.0.0.0:8081";
        // Kestrel accepts "http://+:8081" and "http://*:8081", which Uri does not parse as a host.
        var parsable = first.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal);
        var url = new Uri(parsable);
        var host = options.NodeAddress.Contains(':', StringComparison.Ordinal) ? $"[{options.NodeAddress}]" : options.NodeAddress;
        return $"{url.Scheme}://{host}:{url.Port}";
    }
}
