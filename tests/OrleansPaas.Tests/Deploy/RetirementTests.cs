using Microsoft.Extensions.Logging.Abstractions;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Deploy;

/// <summary>Old instances after a deploy, without Orleans: marked before the routes switch, stopped only after, then forgotten.</summary>
public sealed class RetirementTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static InstanceInfo Instance(string id, int index = 1, int release = 1) => new(id, "web", release, "10.0.0.1", 20000 + index, index, "n1");

    private static Retirement NewRetirement() => new(AppName.Parse("blog"), NullLogger.Instance);

    [Fact]
    public void Replaced_NamesEachInstanceNotServingAnyMore_InTheLog()
    {
        var kept = Instance("aaaaaaaaaaaaaaaa", 1);
        var old = Instance("bbbbbbbbbbbbbbbb", 2);
        var log = BuildLog.InMemory();

        var retired = Retirement.Replaced([kept, old], [kept, Instance("cccccccccccccccc", 2, release: 2)], log);

        Assert.Equal([old], retired);
        Assert.Contains(log.Lines(), line => line.Contains("Retiring v1 instance web.2") && line.Contains("on n1"));
        Assert.DoesNotContain(log.Lines(), line => line.Contains("web.1"));
    }

    [Fact]
    public async Task HandOver_MarksTheOldInstancesRetiringBeforeTheRoutesSwitch_AndStopsThemOnlyAfter()
    {
        var retirement = NewRetirement();
        var old = Instance("old-1");
        var steps = new List<string>();

        await retirement.HandOverAsync([old], switchRoutes: () =>
            {
                steps.Add(retirement.Containers.Contains("old-1") ? "switch (old retiring)" : "switch (old not retiring)");
                return Task.CompletedTask;
            },
            stop: instances =>
            {
                steps.Add($"stop {string.Join(",", instances.Select(i => i.ContainerId))}");
                return Task.CompletedTask;
            },
            wait: true, afterwards: () => throw new InvalidOperationException("only a background retirement goes on afterwards"));

        Assert.Equal(["switch (old retiring)", "stop old-1"], steps);
        Assert.True(retirement.Idle);
    }

    [Fact]
    public async Task HandOver_RoutesDoNotSwitch_StopsNothingAndForgetsTheMark()
    {
        var retirement = NewRetirement();
        var stopped = false;

        await Assert.ThrowsAsync<TimeoutException>(() => retirement.HandOverAsync([Instance("old-1")],
            switchRoutes: () => throw new TimeoutException("route table did not answer"),
            stop: _ =>
            {
                stopped = true;
                return Task.CompletedTask;
            },
            wait: false, afterwards: () => Task.CompletedTask));

        Assert.False(stopped);
        Assert.True(retirement.Idle);
    }

    [Fact]
    public async Task HandOver_InTheBackground_ReturnsBeforeTheStop_ThenGoesOnAndForgetsThem()
    {
        var retirement = NewRetirement();
        var draining = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var afterwards = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await retirement.HandOverAsync([Instance("old-1"), Instance("old-2", 2)], () => Task.CompletedTask, _ => draining.Task,
            wait: false, afterwards: () =>
            {
                afterwards.SetResult();
                return Task.CompletedTask;
            });

        Assert.Equal(["old-1", "old-2"], retirement.Containers.Order());
        Assert.False(afterwards.Task.IsCompleted);
        draining.SetResult();
        await afterwards.Task.WaitAsync(Deadline);
        await Poll.UntilAsync(() => Task.FromResult(retirement.Idle), Deadline, "retired instances forgotten");
    }

    [Fact]
    public async Task HandOver_InTheBackground_TwiceInARow_TheSecondStopsAfterTheFirstEnded_AndSettledWaitsForBoth()
    {
        var retirement = NewRetirement();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = new List<string>();

        await retirement.HandOverAsync([Instance("old-1")], () => Task.CompletedTask, async _ =>
            {
                steps.Add("stop old-1");
                await first.Task;
                throw new InvalidOperationException("node gone");
            },
            wait: false, afterwards: () => Task.CompletedTask);
        await retirement.HandOverAsync([Instance("old-2", 2)], () => Task.CompletedTask, async _ =>
            {
                steps.Add("stop old-2");
                await second.Task;
            },
            wait: false, afterwards: () =>
            {
                steps.Add("after old-2");
                return Task.CompletedTask;
            });

        // Both are retiring at once (reconciliation leaves both alone); only their stops take turns.
        Assert.Equal(["old-1", "old-2"], retirement.Containers.Order());
        var settled = retirement.SettledAsync();
        Assert.Equal(["stop old-1"], steps);
        first.SetResult();
        await Poll.UntilAsync(() => Task.FromResult(steps.Count), count => count == 2, Deadline, "the second stop, after the first failed");
        Assert.False(settled.IsCompleted);
        second.SetResult();
        await settled.WaitAsync(Deadline);
        Assert.Equal(["stop old-1", "stop old-2", "after old-2"], steps);
        Assert.True(retirement.Idle);
    }

    [Fact]
    public async Task HandOver_InTheBackground_StopFails_SkipsWhatFollowsAndStillForgetsThem()
    {
        var retirement = NewRetirement();
        var followed = false;

        await retirement.HandOverAsync([Instance("old-1")], () => Task.CompletedTask,
            stop: async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("node gone");
            },
            wait: false, afterwards: () =>
            {
                followed = true;
                return Task.CompletedTask;
            });

        await Poll.UntilAsync(() => Task.FromResult(retirement.Idle), Deadline, "retired instances forgotten");
        Assert.False(followed);
    }
}
