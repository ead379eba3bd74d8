using Orleans.Core.Internal;
using Orleans.Runtime;
using OrleansPaas.Apps;
using OrleansPaas.Cron;
using OrleansPaas.Grains.Cron;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Grains;

/// <summary>The cron grain over the fake engine: a scheduled time fires once, even when the grain is activated again.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CronGrainTests(ClusterFixture fixture)
{
    private static readonly CronJob Tick = new("0a1b2c3d", "* * * * *", "echo tick");

    // Once a year, so that no scheduled time falls inside a test that starts runs by hand.
    private static readonly CronJob Yearly = new("4e5f6a7b", "0 0 1 1 *", "echo yearly");

    [Fact]
    public async Task Wake_AfterReactivation_DoesNotFireTheSameScheduledTimeTwice()
    {
        const string app = "cron-once";
        await DeployedApps.DeployAsync(fixture.Cluster, app);
        var cron = fixture.Cluster.GrainFactory.GetGrain<ICronGrain>(app);
        await cron.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        // A job followed three minutes ago, never fired: the latest missed minute is caught up on activation.
        await ClusterFixture.Storage!.WriteStateAsync("cron", cron.GetGrainId(), new GrainState<CronState>(new CronState
        {
            Jobs = [new CronJobState { Job = Tick, Since = DateTimeOffset.UtcNow.AddMinutes(-3) }],
        }));

        await cron.WakeAsync();
        var first = await Poll.UntilAsync(() => cron.GetReportAsync(), r => r.Runs.Count >= 1 && r.Runs.All(run => run.EndedAt is not null),
            TimeSpan.FromSeconds(20), "the caught-up run to end");
        await cron.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await cron.WakeAsync();
        await cron.WakeAsync();
        var after = await cron.GetReportAsync();

        // One run per scheduled time, and one container per run.
        var scheduled = after.Runs.Select(r => r.ScheduledFor).ToList();
        Assert.Equal(scheduled.Distinct().Count(), scheduled.Count);
        Assert.Equal(first.Runs[0], after.Runs[0]);
        Assert.Equal(0, after.Runs[0].ExitCode);
        Assert.Equal(after.Runs.Count, ClusterFixture.Runtime.OneOffs.Count(s => s.App.Value == app && s.Process == $"cron.{Tick.Id}"));
        var job = Assert.Single(after.Jobs);
        Assert.Equal(after.Runs[^1].ScheduledFor, job.LastRun?.ScheduledFor);
        Assert.True(job.NextRun > after.Runs[^1].ScheduledFor);
    }

    [Fact]
    public async Task NodeDeparture_WakesTheCronOfAppsWithJobs_AndNotOfOthers()
    {
        const string withJobs = "cron-left-jobs";
        const string without = "cron-left-none";
        await DeployedApps.DeployAsync(fixture.Cluster, withJobs);
        await DeployedApps.DeployAsync(fixture.Cluster, without);
        var firing = fixture.Cluster.GrainFactory.GetGrain<ICronAppsGrain>(0);
        var cron = fixture.Cluster.GrainFactory.GetGrain<ICronGrain>(withJobs);
        var idle = fixture.Cluster.GrainFactory.GetGrain<ICronGrain>(without);
        await cron.FollowAsync([Yearly]);
        Assert.Contains(withJobs, await firing.ListAsync());
        Assert.DoesNotContain(without, await firing.ListAsync());

        // Both crons gone from memory (as on a lost node); the one with jobs has a missed minute to catch up.
        await cron.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await idle.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var management = fixture.Cluster.GrainFactory.GetGrain<IManagementGrain>(0);
        await Poll.UntilAsync(() => ActiveCronsAsync(management), active => !active.Contains(cron.GetGrainId()) && !active.Contains(idle.GetGrainId()),
            TimeSpan.FromSeconds(20), "both crons to deactivate");
        var stored = new GrainState<CronState>();
        await ClusterFixture.Storage!.ReadStateAsync("cron", cron.GetGrainId(), stored);
        stored.State = new CronState { Jobs = [new CronJobState { Job = Tick, Since = DateTimeOffset.UtcNow.AddMinutes(-3) }] };
        await ClusterFixture.Storage.WriteStateAsync("cron", cron.GetGrainId(), stored);

        var reconciler = fixture.Cluster.GrainFactory.GetGrain<OrleansPaas.Supervision.IReconcilerGrain>(0);
        await reconciler.NodesLeftAsync(["S10.9.9.9:11111:1"]);
        // The engine's containers are watched, not the grain, so that looking activates nothing.
        await Poll.UntilAsync(() => Task.FromResult(ClusterFixture.Runtime.OneOffs.Count(s => s.App.Value == withJobs && s.Process == $"cron.{Tick.Id}")),
            count => count == 1, TimeSpan.FromSeconds(20), "the woken cron's caught-up run");
        Assert.DoesNotContain(idle.GetGrainId(), await ActiveCronsAsync(management));

        // Waking the other would take one call; the woken cron's run took several more, so it would show by now.
        await cron.ForgetAsync();
        Assert.DoesNotContain(withJobs, await firing.ListAsync());
    }

    /// <summary>
    /// The timer that fires a job at its minute lives in the activation; when the activation goes (CI once
    /// saw a run fired 42.7 s late), the reminder is the wake, and it ticks just after each whole minute.
    /// </summary>
    [Fact]
    public async Task ActivationGoneAfterFollowing_TheReminderFiresTheNextMinuteWithinSeconds()
    {
        const string app = "cron-lost-timer";
        await DeployedApps.DeployAsync(fixture.Cluster, app);
        var cron = fixture.Cluster.GrainFactory.GetGrain<ICronGrain>(app);
        // Followed well inside a minute: a reminder counted from the follow (as before) would then tick
        // at least 15 s after the next whole minute, and this test would fail.
        await Poll.UntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow.Second), second => second is >= 15 and <= 40,
            TimeSpan.FromSeconds(61), "a moment between 15 and 40 s past a minute");
        await cron.FollowAsync([Tick]);
        var management = fixture.Cluster.GrainFactory.GetGrain<IManagementGrain>(0);
        await cron.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Poll.UntilAsync(() => ActiveCronsAsync(management), active => !active.Contains(cron.GetGrainId()),
            TimeSpan.FromSeconds(20), "the cron to deactivate");

        // Nothing holds the timer now: only the reminder can wake the grain for the next minute.
        var deadline = TimeSpan.FromSeconds(90);
        await Poll.UntilAsync(() => Task.FromResult(ClusterFixture.Runtime.OneOffs.Count(s => s.App.Value == app)),
            count => count >= 1, deadline, "a scheduled run woken by the reminder");
        var report = await cron.GetReportAsync();
        // The job stops here: a cron firing every minute would keep waking this app's grain in the other grain tests of this cluster.
        await cron.FollowAsync([]);
        var run = report.Runs.First(r => r.ScheduledFor is not null);
        Assert.Equal(0, run.ScheduledFor!.Value.Second);
        Assert.True(run.StartedAt - run.ScheduledFor.Value < TimeSpan.FromSeconds(10),
            $"the run for {run.ScheduledFor:u} started {(run.StartedAt - run.ScheduledFor.Value).TotalSeconds:0.0} s after its time");
    }

    private static async Task<List<GrainId>> ActiveCronsAsync(IManagementGrain management) =>
        await management.GetActiveGrains(GrainType.Create("cron"));

    [Fact]
    public async Task RunNow_WhileARunOfTheJobGoes_IsRefused_ThenRunsAgainOnceItEnded()
    {
        const string app = "cron-forbid";
        await DeployedApps.DeployAsync(fixture.Cluster, app);
        var held = ClusterFixture.Runtime.HeldOneOffs[app] = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cron = fixture.Cluster.GrainFactory.GetGrain<ICronGrain>(app);
        await cron.FollowAsync([Yearly]);

        Assert.Equal(CronCommandStatus.Ok, (await cron.RunNowAsync(Yearly.Id)).Status);
        await Poll.UntilAsync(() => Task.FromResult(ClusterFixture.Runtime.OneOffs.Any(s => s.App.Value == app)), TimeSpan.FromSeconds(20), "the run's container");
        var second = await cron.RunNowAsync(Yearly.Id);
        Assert.Equal(CronCommandStatus.Conflict, second.Status);
        Assert.Equal($"cron job '{Yearly.Id}' of '{app}' is still running; it is not started twice", second.Error);
        Assert.True(Assert.Single((await cron.GetReportAsync()).Jobs).Running);

        held.SetResult(7);
        var ended = await Poll.UntilAsync(() => cron.GetReportAsync(), r => r.Jobs[0].LastRun?.EndedAt is not null, TimeSpan.FromSeconds(20), "the run to end");
        Assert.Equal(7, ended.Jobs[0].LastRun!.ExitCode);
        ClusterFixture.Runtime.HeldOneOffs.TryRemove(app, out _);
        Assert.Equal(CronCommandStatus.Ok, (await cron.RunNowAsync(Yearly.Id)).Status);
        // The run starts behind the answer: wait for its container rather than count at once.
        await Poll.UntilAsync(() => Task.FromResult(ClusterFixture.Runtime.OneOffs.Count(s => s.App.Value == app && s.Process == $"cron.{Yearly.Id}")),
            count => count == 2, TimeSpan.FromSeconds(20), "the second run's container");
        await cron.ForgetAsync();
    }

    [Fact]
    public async Task RunNow_UnknownJob_IsNotFound_WithTheJobsItHas()
    {
        const string app = "cron-unknown";
        var cron = fixture.Cluster.GrainFactory.GetGrain<ICronGrain>(app);
        await cron.FollowAsync([Tick]);

        var result = await cron.RunNowAsync("nope");

        Assert.Equal(CronCommandStatus.NotFound, result.Status);
        Assert.Equal($"app '{app}' has no cron job 'nope'; its jobs are {Tick.Id}", result.Error);
        await cron.ForgetAsync();
    }
}
