using System.Threading.Channels;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// The bounded hand-over between the log streams an app's reader follows and that reader. Writers
/// wait while it is full (a burst, a reader catching up), but only for a while: a reader that takes
/// nothing for <c>patience</c> is dropped, the buffer ends and the writers stop. A stalled
/// <c>logs -t</c> therefore holds at most <c>capacity</c> lines, never the app's whole output.
/// </summary>
public sealed class FollowerBuffer<T>
{
    private readonly Channel<T> _channel;
    private readonly TimeSpan _patience;
    private readonly Action<FollowerBuffer<T>>? _onDropped;

    /// <param name="onDropped">Called once, at the moment the reader is dropped (not when it reaches the end).</param>
    public FollowerBuffer(int capacity, TimeSpan patience, Action<FollowerBuffer<T>>? onDropped = null)
    {
        Capacity = Math.Max(1, capacity);
        _patience = patience;
        _onDropped = onDropped;
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    }

    public int Capacity { get; }

    /// <summary>True once the reader was dropped for falling behind.</summary>
    public bool Dropped { get; private set; }

    /// <summary>False when the line was not taken: the buffer has ended (dropped or completed), so the writer should stop.</summary>
    public async ValueTask<bool> WriteAsync(T item, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(item))
        {
            return true;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(_patience);
        try
        {
            while (await _channel.Writer.WaitToWriteAsync(wait.Token))
            {
                if (_channel.Writer.TryWrite(item))
                {
                    return true;
                }
            }

            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (_channel.Writer.TryComplete())
            {
                Dropped = true;
                _onDropped?.Invoke(this);
            }

            return false;
        }
    }

    /// <summary>No more lines: the reader gets what is buffered, then the end.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);

    /// <summary>What a dropped reader is told at the end of its stream.</summary>
    public string DroppedNote(string where) =>
        $"logs: this reader fell behind by more than {Capacity} lines {where} and was dropped; run logs again to continue";
}
