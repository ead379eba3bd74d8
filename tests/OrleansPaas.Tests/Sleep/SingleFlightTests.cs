using OrleansPaas.Grains.Sleep;

namespace OrleansPaas.Tests.Sleep;

public sealed class SingleFlightTests
{
    [Fact]
    public async Task JoinOrStart_WhileARunIsUnderWay_EveryCallerSharesIt_ThenANewRunStarts()
    {
        var flight = new SingleFlight<int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;

        var first = flight.JoinOrStart(() => { runs++; return gate.Task; });
        var second = flight.JoinOrStart(() => { runs++; return Task.FromResult(-1); });

        Assert.Same(first, second);
        Assert.True(flight.Running);
        gate.SetResult(7);
        Assert.Equal(7, await second);
        Assert.False(flight.Running);

        Assert.Equal(8, await flight.JoinOrStart(() => { runs++; return Task.FromResult(8); }));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task JoinOrStart_WorkThatEndsWithoutWaiting_IsNotLeftAsTheRunningOne()
    {
        var flight = new SingleFlight<string>();

        Assert.Equal("refused", await flight.JoinOrStart(() => Task.FromResult("refused")));

        Assert.False(flight.Running);
        Assert.Equal("woke", await flight.JoinOrStart(() => Task.FromResult("woke")));
    }

    [Fact]
    public async Task JoinOrStart_RunThatThrows_EndsTheRun()
    {
        var flight = new SingleFlight<int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = flight.JoinOrStart(() => gate.Task);

        gate.SetException(new InvalidOperationException("node gone"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.False(flight.Running);
    }
}
