using OrleansPaas.Grains.Apps;

namespace OrleansPaas.Tests.Apps;

/// <summary>One command at a time, and a failed command's memory read back from storage.</summary>
public sealed class CommandGateTests
{
    [Fact]
    public async Task RunAsync_SecondCommand_WaitsUntilTheFirstHasEnded()
    {
        var gate = new CommandGate();
        var firstMayEnd = new TaskCompletionSource();
        var order = new List<string>();

        var first = gate.RunAsync(async () =>
        {
            order.Add("first began");
            await firstMayEnd.Task;
            order.Add("first ended");
            return 1;
        }, () => Task.CompletedTask, () => { });
        var second = gate.RunAsync(() =>
        {
            order.Add("second began");
            return Task.FromResult(2);
        }, () => Task.CompletedTask, () => { });

        Assert.False(second.IsCompleted);
        firstMayEnd.SetResult();
        var results = await Task.WhenAll(first, second);
        Assert.Equal([1, 2], results);
        Assert.Equal(["first began", "first ended", "second began"], order);
    }

    [Fact]
    public async Task RunAsync_CommandThrows_ReloadsAndRethrows_AndTheNextCommandRuns()
    {
        var gate = new CommandGate();
        var reloads = 0;
        var unreadable = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync<int>(
            () => throw new InvalidOperationException("save failed"), () => { reloads++; return Task.CompletedTask; }, () => unreadable++));

        Assert.Equal("save failed", error.Message);
        Assert.Equal((1, 0), (reloads, unreadable));
        Assert.Equal(7, await gate.RunAsync(() => Task.FromResult(7), () => Task.CompletedTask, () => { }));
    }

    [Fact]
    public async Task RunAsync_ReloadThrowsToo_CallsUnreadable_AndRethrowsTheCommandsError()
    {
        var gate = new CommandGate();
        var unreadable = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync<int>(
            () => throw new InvalidOperationException("save failed"), () => throw new IOException("storage gone"), () => unreadable++));

        Assert.Equal("save failed", error.Message);
        Assert.Equal(1, unreadable);
    }

    [Fact]
    public async Task RunAsync_CommandSucceeds_NeitherReloadsNorCallsUnreadable()
    {
        var gate = new CommandGate();
        var calls = 0;

        Assert.Equal("done", await gate.RunAsync(() => Task.FromResult("done"), () => { calls++; return Task.CompletedTask; }, () => calls++));
        Assert.Equal(0, calls);
    }
}
