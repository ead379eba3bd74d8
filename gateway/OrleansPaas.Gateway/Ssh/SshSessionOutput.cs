using OrleansPaas.Contracts.SshHelper;
using System.Buffers.Binary;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// The node's side of a forced-command session's output: stdout and stderr as frames over one
/// socket (<see cref="SshFrames"/>), one frame at a time. The first write that fails means the
/// client has gone (Ctrl-C, a dropped connection): <see cref="ClientGone"/> fires, later writes are dropped.
/// </summary>
public sealed class SshSessionOutput(Stream socket, CancellationToken nodeStopping) : IDisposable
{
    private readonly SemaphoreSlim _oneFrame = new(1, 1);
    private readonly CancellationTokenSource _clientGone = CancellationTokenSource.CreateLinkedTokenSource(nodeStopping);

    public CancellationToken ClientGone => _clientGone.Token;

    public Stream Stdout => new SshChannelStream(this, SshFrames.Stdout);

    public Stream Stderr => new SshChannelStream(this, SshFrames.Stderr);

    public async Task ExitAsync(int code)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, code);
        await WriteAsync(SshFrames.Exit, payload, CancellationToken.None);
    }

    public async Task WriteAsync(byte kind, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (_clientGone.IsCancellationRequested)
        {
            return;
        }

        await _oneFrame.WaitAsync(cancellationToken);
        try
        {
            var offset = 0;
            do
            {
                var length = Math.Min(SshFrames.MaxPayload, bytes.Length - offset);
                var header = new byte[SshFrames.HeaderLength];
                header[0] = kind;
                BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), length);
                await socket.WriteAsync(header, cancellationToken);
                await socket.WriteAsync(bytes.Slice(offset, length), cancellationToken);
                offset += length;
            }
            while (offset < bytes.Length);

            await socket.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            await _clientGone.CancelAsync();
        }
        finally
        {
            _oneFrame.Release();
        }
    }

    public void Dispose()
    {
        _clientGone.Dispose();
        _oneFrame.Dispose();
    }
}
