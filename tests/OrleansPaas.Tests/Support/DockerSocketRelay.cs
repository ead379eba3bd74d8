using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// The local Docker engine behind a loopback TCP port that a test can cut: every open connection
/// breaks and new ones are refused (accepted and closed at once) until it is restored. Lets a test
/// break a client's event stream against the real engine without touching the engine. Or it can
/// refuse only the event stream (every other call still reaches the engine): the client misses
/// every event for as long as that lasts, as if the engine never sent them.
/// </summary>
public sealed class DockerSocketRelay : IAsyncDisposable
{
    private const string EngineSocket = "/var/run/docker.sock";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, bool> _open = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private volatile bool _refuseEvents;
    private int _eventsRefused;
    private int _refused;

    public DockerSocketRelay()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The endpoint to give a Docker client (<c>Paas:DockerEndpoint</c>).</summary>
    public string Endpoint => $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections refused while cut: a client that tried to reconnect.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public void Cut()
    {
        _cut = true;
        foreach (var socket in _open.Keys)
        {
            socket.Dispose();
        }
    }

    public void Restore() => _cut = false;

    /// <summary>Event-stream requests refused (or cut) since <see cref="RefuseEvents"/>.</summary>
    public int EventsRefused => Volatile.Read(ref _eventsRefused);

    /// <summary>From now on a connection that asks for the engine's event stream is closed, open ones included.</summary>
    public void RefuseEvents()
    {
        _refuseEvents = true;
        foreach (var (socket, events) in _open)
        {
            if (events)
            {
                socket.Dispose();
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            if (_cut)
            {
                Interlocked.Increment(ref _refused);
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using (client)
        {
            _open[client] = false; // Not (yet) an event stream.
            _open[engine] = false;
            try
            {
                await engine.ConnectAsync(new UnixDomainSocketEndPoint(EngineSocket), _stop.Token);
                // Both directions to their end: a client may half-close its side (a hijacked attach) and still read.
                await Task.WhenAll(PumpAsync(client, engine, fromClient: true), PumpAsync(engine, client, fromClient: false));
            }
            catch (Exception)
            {
                // Cut or stopped: the client sees its connection break, which is the point.
            }
            finally
            {
                _open.TryRemove(client, out _);
                _open.TryRemove(engine, out _);
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool fromClient)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                if (fromClient && AsksForEvents(buffer.AsSpan(0, read)))
                {
                    // Marked on both sockets: RefuseEvents closes whichever it finds.
                    _open[from] = true;
                    _open[to] = true;
                    if (_refuseEvents)
                    {
                        Interlocked.Increment(ref _eventsRefused);
                        from.Dispose();
                        to.Dispose();
                        return;
                    }
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception)
        {
            // Either side gone (or refused): the relay of this connection ends both ways.
            from.Dispose();
            to.Dispose();
        }
    }

    /// <summary>An HTTP request line for the engine's <c>/events</c> (any API version prefix).</summary>
    private static bool AsksForEvents(ReadOnlySpan<byte> request) =>
        request.StartsWith("GET /"u8) && request[..Math.Min(request.Length, 64)].IndexOf("/events"u8) > 0;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
