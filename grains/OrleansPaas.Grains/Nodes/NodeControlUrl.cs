using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Nodes;

/// <summary>Where other nodes reach this node: <c>Paas:NodeAddress</c> on the control port's scheme and port, or on the internal port.</summary>
public static class NodeControlUrl
{
    public static string Of(PaasOptions options)
    {
        var first = options.ControlUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://0.0.0.0:8081";
        // Kestrel accepts "http://+:8081" and "http://*:8081", which Uri does not parse as a host.
        var parsable = first.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal);
        var url = new Uri(parsable);
        return $"{url.Scheme}://{Host(options)}:{url.Port}";
    }

    /// <summary>Where other nodes reach this node's internal listener: always HTTPS, on <c>Paas:Cluster:InternalPort</c>.</summary>
    public static string Internal(PaasOptions options) => $"https://{Host(options)}:{options.Cluster.InternalPort}";

    private static string Host(PaasOptions options) =>
        options.NodeAddress.Contains(':', StringComparison.Ordinal) ? $"[{options.NodeAddress}]" : options.NodeAddress;
}
