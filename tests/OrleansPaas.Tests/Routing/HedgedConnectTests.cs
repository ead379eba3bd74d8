using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Routing;

/// <summary>
/// A listener whose accept queue is full drops new connects, and Linux sends a dropped connect again
/// only after a second: what made some of the requests a wake releases together wait a second longer
/// than the rest (busybox httpd listens with a backlog of 9; a wake releases 20 at once).
/// </summary>
public sealed class HedgedConnectTests
{
    private static readonly TimeSpan KernelRetry = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ConnectAsync_AcceptQueueFullThenDrained_ConnectsWithoutWaitingForTheKernelsRetry()
    {
        var took = await ConnectWhileTheQueueIsFullAsync(async endpoint =>
            await HedgedConnect.ConnectAsync(new DnsEndPoint(endpoint.Address.ToString(), endpoint.Port), CancellationToken.None));

        // Before the kernel's retry, which the plain connect below waits for; not a tighter figure, because
        // when the queue drains depends on how busy this machine is (the attempts cover up to 750 ms).
        Assert.True(took < KernelRetry * 0.9, $"connected after {took.TotalMilliseconds:0} ms");
    }

    /// <summary>The cause itself, so the test above cannot pass for want of a full queue.</summary>
    [Fact]
    public async Task PlainConnect_AcceptQueueFullThenDrained_WaitsForTheKernelsRetry()
    {
        var took = await ConnectWhileTheQueueIsFullAsync(async endpoint =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endpoint);
            return socket;
        });

        Assert.True(took >= KernelRetry * 0.9, $"connected after {took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ConnectAsync_NothingListens_IsRefused()
    {
        using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)probe.LocalEndPoint!).Port;

        var refused = await Assert.ThrowsAsync<SocketException>(async () =>
            await HedgedConnect.ConnectAsync(new DnsEndPoint("127.0.0.1", port), CancellationToken.None));

        // Refused, as without the callback: the forwarder then sends the request to another instance.
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    /// <summary>
    /// Fills a listener's accept queue, starts <paramref name="connect"/>, waits until its connect is
    /// left unanswered, then accepts what the queue held (as an app does a moment later) and returns
    /// how long the connect took.
    /// </summary>
    private static async Task<TimeSpan> ConnectWhileTheQueueIsFullAsync(Func<IPEndPoint, Task<IDisposable>> connect)
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        // One connect before the measured one, as a running gateway has made: first-call costs (JIT) are not the subject.
        using (await connect(endpoint))
        {
            (await listener.AcceptAsync()).Dispose();
        }

        var queued = await FillAcceptQueueAsync(endpoint);
        try
        {
            var clock = Stopwatch.StartNew();
            var connecting = connect(endpoint);
            await Poll.UntilAsync(() => Task.FromResult(connecting.IsCompleted || ConnectWaiting(endpoint.Port)), TimeSpan.FromSeconds(5), "a connect left unanswered");
            Assert.False(connecting.IsCompleted, "the accept queue must be full when the connect starts");

            foreach (var _ in queued)
            {
                (await listener.AcceptAsync()).Dispose();
            }

            using var connection = await connecting;
            return clock.Elapsed;
        }
        finally
        {
            queued.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Connects until the queue is full: the first connect the listener leaves unanswered.</summary>
    private static async Task<List<Socket>> FillAcceptQueueAsync(IPEndPoint endpoint)
    {
        var queued = new List<Socket>();
        while (true)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var connecting = socket.ConnectAsync(endpoint);
            var full = await Poll.UntilAsync(() => Task.FromResult(connecting.IsCompleted ? false : ConnectWaiting(endpoint.Port) ? true : (bool?)null),
                outcome => outcome is not null, TimeSpan.FromSeconds(5), "a connect to be queued or left unanswered");
            if (full == true)
            {
                socket.Dispose();
                return queued;
            }

            await connecting;
            queued.Add(socket);
        }
    }

    /// <summary>
    /// A connect to <paramref name="port"/> on loopback waits for its answer (SYN_SENT); .NET's sockets
    /// are dual-mode IPv6, so it is listed in tcp6, as 127.0.0.1 mapped into IPv6.
    /// </summary>
    private static bool ConnectWaiting(int port)
    {
        var remote = "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture);
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }.SelectMany(table => File.ReadLines(table).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields[2].EndsWith(remote, StringComparison.Ordinal) && fields[3] == "02");
    }
}
