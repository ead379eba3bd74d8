using System.Net;
using System.Net.Sockets;
using OrleansPaas.Attachments;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Whether a host port is already bound on this node (by any program): tried by binding it for a moment.</summary>
public static class HostPortProbe
{
    public static bool InUse(PortMapping port, IPAddress address)
    {
        var protocol = port.Protocol == PortMapping.Udp ? ProtocolType.Udp : ProtocolType.Tcp;
        using var socket = new Socket(address.AddressFamily, protocol == ProtocolType.Udp ? SocketType.Dgram : SocketType.Stream, protocol);
        try
        {
            socket.Bind(new IPEndPoint(address, port.HostPort));
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }
}
