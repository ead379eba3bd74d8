using System.Net;
using Docker.DotNet.Models;
using OrleansPaas.Configuration;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// The ports an instance publishes: a web instance its <c>PORT</c> on <c>Paas:NodeAddress</c> for the
/// gateways, and the ported instance its <c>ports:add</c> mappings on <c>Paas:PublicAddress</c> for the
/// world (the engine's DNAT carries them; the apps' firewall lets their replies out).
/// </summary>
public static class PublishedPorts
{
    public static Dictionary<string, IList<PortBinding>> Bindings(ContainerSpec spec, IPAddress nodeAddress, int gatewayPort, IPAddress publicAddress)
    {
        var bindings = new Dictionary<string, IList<PortBinding>>(StringComparer.Ordinal);
        if (spec.ReceivesTraffic)
        {
            Add(bindings, $"{spec.Port}/tcp", nodeAddress, gatewayPort);
        }

        foreach (var port in spec.Attachments?.Ports ?? [])
        {
            Add(bindings, $"{port.ContainerPort}/{port.Protocol}", publicAddress, port.HostPort);
        }

        return bindings;
    }

    /// <summary><c>Paas:PublicAddress</c>; all interfaces when it is not an address.</summary>
    public static IPAddress PublicAddress(PaasOptions options) =>
        IPAddress.TryParse(options.PublicAddress, out var address) ? address : IPAddress.Any;

    private static void Add(Dictionary<string, IList<PortBinding>> bindings, string key, IPAddress address, int hostPort)
    {
        if (!bindings.TryGetValue(key, out var list))
        {
            bindings[key] = list = [];
        }

        list.Add(new PortBinding { HostIP = address.ToString(), HostPort = hostPort.ToString() });
    }
}
