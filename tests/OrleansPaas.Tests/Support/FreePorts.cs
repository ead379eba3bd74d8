using System.Net;
using System.Net.Sockets;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// Ports for test nodes, taken below the kernel's ephemeral range (32768–60999 here): a port the
/// kernel handed out as free can be given again to an outgoing connection or a container's
/// published port before the node binds it ("address already in use"). Below the range only
/// this allocator hands ports out, one after the other, each checked free.
/// </summary>
public static class FreePorts
{
    private const int First = 20000;
    private const int Last = 32000;
    private static int _next = First + Environment.ProcessId % 4000;

    public static int Next()
    {
        for (var tries = 0; tries < Last - First; tries++)
        {
            var port = First + (Interlocked.Increment(ref _next) - First) % (Last - First);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by something else on the machine: the next one.
            }
        }

        throw new InvalidOperationException($"no free port between {First} and {Last}");
    }
}
