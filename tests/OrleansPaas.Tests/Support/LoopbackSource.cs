using System.Net;
using System.Net.Sockets;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// HTTP clients whose connections come from a loopback address of their own (127.0.0.x): to a
/// node on 127.0.0.1 they are different clients, so per-address limits can be tested on a node
/// that other tests share without touching their address.
/// </summary>
public static class LoopbackSource
{
    private static int _next = 1 + Random.Shared.Next(10, 200);

    /// <summary>A fresh 127.0.0.x, not 127.0.0.1.</summary>
    public static IPAddress NewAddress() => new([127, 0, (byte)Random.Shared.Next(1, 250), (byte)(Interlocked.Increment(ref _next) % 250 + 2)]);

    public static HttpClient Client(IPAddress source, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
}
