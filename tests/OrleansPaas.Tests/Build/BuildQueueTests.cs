using Microsoft.Extensions.Logging.Abstractions;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Tests.Build;

/// <summary>The build queue without Orleans: its loop and the test's calls take turns on one scheduler, as in a grain.</summary>
public sealed class BuildQueueTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private readonly TaskScheduler _turns = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
    private readonly FakeJobRunner _runner = new();
    private readonly BuildQueue _queue;

    public BuildQueueTests() => _queue = new BuildQueue("blog", _runner, NullLogger.Instance);

    [Fact]
    public async Task Enqueue_ThreeJobs_RunOneAtATimeInTheOrderQueued()
    {
        var tickets = await OnQueue(() => new[] { Enqueue(1), Enqueue(2), Enqueue(3) });

        Assert.Equal([0, 1, 2], tickets.Select(t => t.Ahead));
        await _runner.StartedAsync(1);
        Assert.Equal(3, await OnQueue(() => _queue.InFlight));
        var second = await ReadAsync(2);
        Assert.Equal(BuildOutcome.Queued, second.Outcome);
        Assert.Equal(["-----> Waiting for 1 earlier build(s) of blog to finish"], second.Lines);

        _runner.Finish(1);
        await _runner.StartedAsync(2);
        _runner.Finish(2, deployed: false);
        await _runner.StartedAsync(3);
        _runner.Finish(3);
        await DrainedAsync();

        Assert.Equal([1, 2, 3], _runner.Started);
        Assert.Equal(1, _runner.MostAtOnce);
        Assert.Equal([(1, true, BuildOutcome.Succeeded), (2, false, BuildOutcome.Failed), (3, true, BuildOutcome.Succeeded)], _runner.Finished);
        Assert.Equal(0, await OnQueue(() => _queue.InFlight));
        // The activation is kept while jobs run, and let go once the queue is empty.
        Assert.False(_runner.WorkingCalls.Last());
        Assert.True(_runner.WorkingCalls.First());
    }

    [Fact]
    public async Task Abandon_QueuedJob_NeverRuns_ItsLogSaysWhy_TheNextJobRuns()
    {
        await OnQueue(() => (Enqueue(1), Enqueue(2), Enqueue(3)));
        await _runner.StartedAsync(1);

        Assert.True(await OnQueue(() => _queue.Abandon(2)));
        Assert.False(await OnQueue(() => _queue.Abandon(2)));
        _runner.Finish(1);
        await _runner.StartedAsync(3);
        _runner.Finish(3);
        await DrainedAsync();

        Assert.Equal([1, 3], _runner.Started);
        var abandoned = await ReadAsync(2);
        Assert.Equal(BuildOutcome.Failed, abandoned.Outcome);
        Assert.Contains(abandoned.Lines, l => l.Contains("The push was interrupted"));
        Assert.Contains((2, false, BuildOutcome.Failed), _runner.Finished);
    }

    [Fact]
    public async Task Abandon_RunningJob_StopsIt_AndItsLogSaysWhatKeepsServing()
    {
        await OnQueue(() => Enqueue(1));
        await _runner.StartedAsync(1);

        Assert.True(await OnQueue(() => _queue.Abandon(1)));
        await DrainedAsync();

        var log = await ReadAsync(1);
        Assert.Equal(BuildOutcome.Failed, log.Outcome);
        Assert.Equal(["-----> building job 1", " !     The push was interrupted: the build is abandoned and nothing will be deployed", " !     " + FakeJobRunner.Note],
            log.Lines);
        Assert.Equal([(1, false, BuildOutcome.Failed)], _runner.Finished);
    }

    [Fact]
    public async Task TryBeginDeploy_OnceBegun_TheJobCanNoLongerBeAbandoned_AnAbandonedOneCannotBegin()
    {
        await OnQueue(() => (Enqueue(1), Enqueue(2)));
        await _runner.StartedAsync(1);

        Assert.True(await OnQueue(() => _queue.TryBeginDeploy(1)));
        Assert.False(await OnQueue(() => _queue.Abandon(1)));
        Assert.True(await OnQueue(() => _queue.Abandon(2)));
        Assert.False(await OnQueue(() => _queue.TryBeginDeploy(2)));
        _runner.Finish(1);
        await DrainedAsync();

        Assert.Equal(BuildOutcome.Succeeded, (await ReadAsync(1)).Outcome);
        Assert.Equal([1], _runner.Started);
    }

    [Fact]
    public async Task AbandonAll_StopsEveryJobNotDeploying_TheOneDeployingFinishes()
    {
        await OnQueue(() => (Enqueue(1), Enqueue(2), Enqueue(3)));
        await _runner.StartedAsync(1);
        await OnQueue(() => _queue.TryBeginDeploy(1));

        await OnQueue(() =>
        {
            _queue.AbandonAll("The app is being destroyed");
            return true;
        });
        _runner.Finish(1);
        await DrainedAsync();

        Assert.Equal([1], _runner.Started);
        Assert.Equal(BuildOutcome.Succeeded, (await ReadAsync(1)).Outcome);
        foreach (var id in new[] { 2, 3 })
        {
            var log = await ReadAsync(id);
            Assert.Equal(BuildOutcome.Failed, log.Outcome);
            Assert.Contains(" !     The app is being destroyed", log.Lines);
        }
    }

    [Fact]
    public async Task Run_JobThatThrows_FailsWithTheReason_TheNextJobRuns()
    {
        await OnQueue(() => (Enqueue(1), Enqueue(2)));
        await _runner.StartedAsync(1);

        _runner.Crash(1, new InvalidOperationException("the node vanished"));
        await _runner.StartedAsync(2);
        _runner.Finish(2);
        await DrainedAsync();

        var crashed = await ReadAsync(1);
        Assert.Equal(BuildOutcome.Failed, crashed.Outcome);
        Assert.Contains(" !     internal error: the node vanished", crashed.Lines);
        Assert.Equal(BuildOutcome.Succeeded, (await ReadAsync(2)).Outcome);
    }

    [Fact]
    public async Task Finished_RecordThatCannotBeWritten_DoesNotStopTheQueue()
    {
        _runner.RecordsFail = true;
        await OnQueue(() => (Enqueue(1), Enqueue(2)));

        _runner.Finish(1);
        await _runner.StartedAsync(2);
        _runner.Finish(2);
        await DrainedAsync();

        Assert.Equal([1, 2], _runner.Finished.Select(f => f.Id));
        Assert.Equal(0, await OnQueue(() => _queue.InFlight));
    }

    [Fact]
    public async Task ReadLog_OnlyTheNewestLogsAreHeld_AnUnknownOrForgottenJobReadsAsUnknown()
    {
        var last = BuildQueue.RetainedLogs + 1;
        await OnQueue(() => Enumerable.Range(1, last).Select(id => _queue.Refuse(id, $"refused {id}")).ToList());

        Assert.Equal(BuildOutcome.Unknown, (await ReadAsync(1)).Outcome);
        var newest = await ReadAsync(last);
        Assert.Equal(BuildOutcome.Failed, newest.Outcome);
        Assert.Equal([$" !     refused {last}"], newest.Lines);
        Assert.Equal(0, await OnQueue(() => _queue.InFlight));

        await OnQueue(() =>
        {
            _queue.ForgetLogs();
            return true;
        });
        Assert.Equal(BuildOutcome.Unknown, (await ReadAsync(last)).Outcome);
        Assert.Empty(_runner.Started);
    }

    private BuildTicket Enqueue(int id) => _queue.Enqueue(id, new BuildSource($"{id:x8}{new string('0', 32)}", null, "refs/heads/main"), null, default);

    private Task<BuildLogChunk> ReadAsync(int id) => OnQueue(() => _queue.ReadLogAsync(id, 0, TimeSpan.Zero, CancellationToken.None)).Unwrap();

    private Task DrainedAsync() => OnQueue(() => _queue.Drained).Unwrap().WaitAsync(Deadline);

    // As in a grain: the queue's loop continues on the scheduler that started it, taking turns with these calls.
    private Task<T> OnQueue<T>(Func<T> call) => Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.None, _turns);
}
