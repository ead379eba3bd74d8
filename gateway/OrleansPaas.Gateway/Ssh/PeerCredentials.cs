using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// Who is at the other end of a Unix socket, as the kernel says (<c>SO_PEERCRED</c>): the session
/// helpers run as the SSH user, so the node trusts what a connection claims only from that user or root.
/// </summary>
public static class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>The peer's user id, or null when the kernel does not say.</summary>
    public static int? UserId(Socket socket)
    {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        Span<byte> credentials = stackalloc byte[12];
        try
        {
            return socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials) >= 12
                ? MemoryMarshal.Read<int>(credentials[4..])
                : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
