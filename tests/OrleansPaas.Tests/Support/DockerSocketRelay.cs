using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// The local Docker engine behind a loopback TCP port that a test can cut: every open connection
/// breaks and new ones are refused (accepted and closed at once) until it is restored. Lets a test
/// break a client's event stream against the real engine without touching the engine.
/// </summary>
public sealed class DockerSocketRelay : IAsyncDisposable
{
    private const string EngineSocket = "/var/run/docker.sock";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, bool> _open = new();
    private readonly Task _accepting;
    private volatile bool _cut;
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
            _open[client] = true;
            _open[engine] = true;
            try
            {
                await engine.ConnectAsync(new UnixDomainSocketEndPoint(EngineSocket), _stop.Token);
                await Task.WhenAny(PumpAsync(client, engine), PumpAsync(engine, client));
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

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception)
        {
            // Either side gone: the relay of this connection ends.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
