namespace OrleansPaas.Gateway.Images;

/// <summary>
/// A read-only pass-through that counts the bytes read, so a transfer can report its size without
/// buffering; and that gives up on a source sending nothing for <paramref name="stallAfter"/>: a node
/// that vanished without closing its connection would otherwise hold the transfer (and the app's
/// deploy waiting on it) until the whole transfer's timeout. <c>counted</c> hears the total after each read.
/// </summary>
internal sealed class CountingStream(Stream inner, TimeSpan? stallAfter = null, Action<long>? counted = null) : Stream
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (stallAfter is not { } limit)
        {
            return Counted(await inner.ReadAsync(buffer, cancellationToken));
        }

        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stalled.CancelAfter(limit);
        try
        {
            return Counted(await inner.ReadAsync(buffer, stalled.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"no bytes came for {limit.TotalSeconds:0.#} s");
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Counted(int read)
    {
        var total = Interlocked.Add(ref _count, read);
        counted?.Invoke(total);
        return read;
    }
}
