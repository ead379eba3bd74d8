using OrleansPaas.Grains.Nodes;

namespace OrleansPaas.Tests.Images;

public sealed class ArrivingImagesTests
{
    [Fact]
    public async Task TwoAsksForOneImage_FetchItOnce_AndItReadsAsArrivingUntilItLands()
    {
        var arriving = new ArrivingImages();
        var gate = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetches = 0;
        Task<string?> Fetch()
        {
            Interlocked.Increment(ref fetches);
            return gate.Task;
        }

        var first = arriving.JoinAsync("paas/blog:v1", Fetch);
        var second = arriving.JoinAsync("paas/blog:v1", Fetch);

        Assert.True(arriving.IsArriving("paas/blog:v1"));
        Assert.False(arriving.IsArriving("paas/blog:v2"));
        gate.SetResult(null);
        Assert.Null(await first);
        Assert.Null(await second);
        Assert.Equal(1, fetches);
        Assert.False(arriving.IsArriving("paas/blog:v1"));
    }

    [Fact]
    public async Task AFailedFetch_IsReportedToEveryWaiter_AndTheNextAskTriesAgain()
    {
        var arriving = new ArrivingImages();
        var gate = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = arriving.JoinAsync("paas/blog:v1", () => gate.Task);
        var second = arriving.JoinAsync("paas/blog:v1", () => Task.FromResult<string?>("not this one"));

        gate.SetResult("source went away");

        Assert.Equal("source went away", await first);
        Assert.Equal("source went away", await second);
        Assert.Equal("fetched", await arriving.JoinAsync("paas/blog:v1", () => Task.FromResult<string?>("fetched")));
    }
}
