using System.Net;
using Docker.DotNet.Models;
using OrleansPaas.Configuration;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Where an instance answers: its published port's address, and its address on the bridge network.</summary>
public static class ContainerAddresses
{
    /// <summary>
    /// Ports are published on <c>Paas:NodeAddress</c> only (loopback by default), so an app is reachable
    /// from the gateways of the cluster and never from an interface the operator did not name.
    /// </summary>
    public static IPAddress Publish(PaasOptions options) =>
        IPAddress.TryParse(options.NodeAddress, out var address) ? address : IPAddress.Loopback;

    /// <summary>The container's address on the network it is attached to (the platform attaches one).</summary>
    public static string? Bridge(IDictionary<string, EndpointSettings>? networks) =>
        networks?.Values.Select(n => n.IPAddress).FirstOrDefault(ip => !string.IsNullOrEmpty(ip));
}
