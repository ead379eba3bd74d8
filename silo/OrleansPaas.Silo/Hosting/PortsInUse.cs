using System.Net;
using System.Net.Sockets;
using OrleansPaas.Configuration;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// Which setting names a port another process holds. The servers report only "address in use", so
/// once the node's own listeners are closed each configured port is listened on once more: the
/// ones that still fail are the ones to change.
/// </summary>
public static class PortsInUse
{
    public static IReadOnlyList<string> Find(PaasOptions options)
    {
        var sentences = new List<string>();
        Check(nameof(PaasOptions.GatewayUrls), options.GatewayUrls, "http", sentences);
        Check(nameof(PaasOptions.GatewayHttpsUrls), options.GatewayHttpsUrls, "https", sentences);
        Check(nameof(PaasOptions.ControlUrls), options.ControlUrls, "http", sentences);
        Check(nameof(PaasOptions.ControlUrls), options.ControlUrls, "https", sentences);
        // The silo listens on every interface in a cluster, on loopback alone on a single node.
        // So does the internal listener.
        var nodeAddress = options.Cluster.IsClusterMode ? IPAddress.Any : IPAddress.Loopback;
        if (IsTaken(new IPEndPoint(nodeAddress, options.Cluster.SiloPort)))
        {
            sentences.Add(Sentence("Cluster:SiloPort", options.Cluster.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (IsTaken(new IPEndPoint(nodeAddress, options.Cluster.InternalPort)))
        {
            sentences.Add(Sentence("Cluster:InternalPort", options.Cluster.InternalPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return sentences;
    }

    /// <summary>When the port was let go before it could be identified: still one sentence, naming every port setting.</summary>
    public static string Unidentified(Exception cause) =>
        $"A port of this node is already in use by another process ({OrleansPaas.Configuration.Validation.OneLine.Of(cause.Message)}): " +
        "set Paas:GatewayUrls, Paas:GatewayHttpsUrls, Paas:ControlUrls, Paas:Cluster:SiloPort and Paas:Cluster:InternalPort to free ports.";

    private static void Check(string setting, string urls, string scheme, List<string> sentences)
    {
        foreach (var url in ListenAddress.Split(urls).Where(u => u.StartsWith(scheme + "://", StringComparison.OrdinalIgnoreCase)))
        {
            var address = ListenAddress.Parse(url, scheme, setting);
            if (IsTaken(new IPEndPoint(address.Address ?? IPAddress.Loopback, address.Port)))
            {
                sentences.Add(Sentence(setting, url));
            }
        }
    }

    private static string Sentence(string setting, string what) =>
        $"Paas:{setting}: {what} is already in use by another process; set Paas:{setting} to a free port.";

    private static bool IsTaken(IPEndPoint endpoint)
    {
        // Port 0 means "any free port": never taken.
        if (endpoint.Port == 0)
        {
            return false;
        }

        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            socket.Listen();
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }
}
