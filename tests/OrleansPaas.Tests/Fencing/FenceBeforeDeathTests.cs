using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Fencing;
using OrleansPaas.Grains.Nodes;
using OrleansPaas.Nodes;
using OrleansPaas.Tests.Grains;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Fencing;

/// <summary>
/// The handler Orleans calls to end a silo declared dead stops the node's workers first, without
/// holding the thread that called it: that thread can be the sockets' event thread, which the
/// engine's answer needs (CI saw the fence wait out its whole deadline that way).
/// </summary>
public sealed class FenceBeforeDeathTests
{
    private readonly FakeContainerRuntime _runtime = new() { NodeName = "n1" };
    private readonly RecordingHandler _orleans = new();
    private readonly FenceHold _hold = new();

    [Fact]
    public async Task OnFatalException_ReturnsBeforeTheEngineAnswers_EndsTheSiloOnlyAfterTheWorkerStopped()
    {
        await StartWorkerAsync();
        var engineAnswers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _runtime.BeforeList = _ => engineAnswers.Task;

        Handler(TimeSpan.FromMinutes(1)).OnFatalException(this, "declared dead");

        Assert.Equal(0, _orleans.Calls);
        Assert.NotNull(_hold.Reason);
        engineAnswers.SetResult();
        await Poll.UntilAsync(() => Task.FromResult(_orleans.Calls), calls => calls == 1, TimeSpan.FromSeconds(10), "Orleans' handler called");
        Assert.DoesNotContain(_runtime.Running.Values, r => r.Instance.Process == "worker");
    }

    [Fact]
    public async Task OnFatalException_EngineNeverAnswers_EndsTheSiloAtTheBound_OnceForSeveralReports()
    {
        await StartWorkerAsync();
        _runtime.BeforeList = cancellationToken => Task.Delay(Timeout.Infinite, cancellationToken);
        var handler = Handler(TimeSpan.FromSeconds(1));

        handler.OnFatalException(this, "declared dead");
        handler.OnFatalException(this, "declared dead, read again");

        await Poll.UntilAsync(() => Task.FromResult(_orleans.Calls), calls => calls >= 1, TimeSpan.FromSeconds(10), "Orleans' handler called");
        Assert.Equal("declared dead", _orleans.LastContext);
        Assert.Equal(1, _orleans.Calls);
        Assert.Equal(1, _runtime.ListsOfEveryApp); // the second report started no fence of its own
    }

    private FenceBeforeDeath Handler(TimeSpan bound)
    {
        var options = Options.Create(new PaasOptions());
        options.Value.Cluster.PartitionBound = bound;
        return new FenceBeforeDeath(_orleans, new WorkerFence(_runtime, options, NullLogger<WorkerFence>.Instance), _hold, options);
    }

    private async Task StartWorkerAsync()
    {
        var started = await new NodeInstances(_runtime, _runtime, _runtime, _hold).StartAsync(new InstanceRequest("fenced", "worker", 1, 1,
            "paas/fenced:v1", 0, new Dictionary<string, string>(), null, "fenced.test", [], TimeSpan.FromSeconds(5)));
        Assert.NotNull(started.Instance);
    }

    private sealed class RecordingHandler : IFatalErrorHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string? LastContext { get; private set; }

        public bool IsUnexpected(Exception exception) => true;

        public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
        {
            LastContext = context;
            Interlocked.Increment(ref _calls);
        }
    }
}
