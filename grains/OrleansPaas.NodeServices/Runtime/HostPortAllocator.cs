using System.Net;
using System.Net.Sockets;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// Picks a free loopback port for an instance. The port is chosen by the platform (not left
/// to Docker) so it survives the container being restarted by the engine.
/// </summary>
public static class HostPortAllocator
{
    public static int Allocate(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
