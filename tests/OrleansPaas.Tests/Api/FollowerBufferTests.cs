using OrleansPaas.Gateway.Api;

namespace OrleansPaas.Tests.Api;

public sealed class FollowerBufferTests
{
    [Fact]
    public async Task AReaderThatTakesNothing_IsDropped_AfterTheBufferFills_AndKeepsWhatWasBuffered()
    {
        var buffer = new FollowerBuffer<int>(capacity: 3, patience: TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await buffer.WriteAsync(i, CancellationToken.None));
        }

        Assert.False(await buffer.WriteAsync(3, CancellationToken.None));
        Assert.True(buffer.Dropped);
        Assert.False(await buffer.WriteAsync(4, CancellationToken.None));

        var read = new List<int>();
        await foreach (var item in buffer.ReadAllAsync(CancellationToken.None))
        {
            read.Add(item);
        }

        Assert.Equal([0, 1, 2], read);
        Assert.Contains("fell behind by more than 3 lines", buffer.DroppedNote("here"));
    }

    [Fact]
    public async Task AReaderThatKeepsUp_GetsEveryLine_ThroughABufferMuchSmallerThanTheOutput()
    {
        var buffer = new FollowerBuffer<int>(capacity: 4, patience: TimeSpan.FromSeconds(30));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                Assert.True(await buffer.WriteAsync(i, CancellationToken.None));
            }

            buffer.Complete();
        });

        var count = 0;
        await foreach (var item in buffer.ReadAllAsync(CancellationToken.None))
        {
            Assert.Equal(count++, item);
        }

        await writer;
        Assert.Equal(10_000, count);
        Assert.False(buffer.Dropped);
    }

    [Fact]
    public async Task AWriterCancelledWhileWaiting_StopsWithoutDroppingTheReader()
    {
        var buffer = new FollowerBuffer<int>(capacity: 1, patience: TimeSpan.FromSeconds(30));
        Assert.True(await buffer.WriteAsync(0, CancellationToken.None));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await buffer.WriteAsync(1, cancel.Token));
        Assert.False(buffer.Dropped);
    }
}
