using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansPaas.Configuration;
using OrleansPaas.Grains;
using OrleansPaas.Grains.BackupSchedules;
using OrleansPaas.BackupSchedules;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.BackupSchedules;

/// <summary>A cluster of its own: reminders every second and a runner that records what the schedules ask for.</summary>
public sealed class ServiceBackupScheduleGrainTests : IAsyncLifetime
{
    private static readonly ConcurrentQueue<(string Service, int Keep, DateTimeOffset At)> Runs = new();
    private static LostAnswerGrainStorage? _storage;
    private readonly TestCluster _cluster = new TestClusterBuilder(1).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task SetAsync_ShortSchedule_FiresOncePerTimeAndKeeps()
    {
        var grain = _cluster.GrainFactory.GetGrain<IServiceBackupScheduleGrain>("sched-db");

        var set = await grain.SetAsync("*/2 * * * * *", 3);

        Assert.True(set.Succeeded, set.Error);
        await Poll.UntilAsync(() => Task.FromResult(Runs.Count(r => r.Service == "sched-db") >= 2), TimeSpan.FromSeconds(30), "two scheduled runs");
        var runs = Runs.Where(r => r.Service == "sched-db").ToList();
        Assert.All(runs, r => Assert.Equal(3, r.Keep));
        var schedule = Assert.Single(await grain.ListAsync());
        Assert.NotNull(schedule.LastRun);
        await Poll.UntilAsync(async () => (await grain.ListAsync()).Single().LastOutcome == "backup verified",
            TimeSpan.FromSeconds(10), "the run's outcome recorded");

        var removed = await grain.RemoveAsync("*/2 * * * * *");
        Assert.True(removed.Succeeded, removed.Error);
        var after = Runs.Count(r => r.Service == "sched-db");
        Assert.Empty(await grain.ListAsync());
        // A run already started may still finish; then nothing more comes (several ticks pass).
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.InRange(Runs.Count(r => r.Service == "sched-db"), after, after + 1);
    }

    [Fact]
    public async Task ReceiveReminder_WriteAnswerLost_FiresAgainAfterwards()
    {
        var grain = _cluster.GrainFactory.GetGrain<IServiceBackupScheduleGrain>("sched-lost");
        Assert.True((await grain.SetAsync("*/2 * * * * *", 2)).Succeeded);

        // The next write (a claim or an outcome) is stored but reported failed: the activation's ETag is stale.
        _storage!.LoseNextAnswer(grain.GetGrainId());
        var before = Runs.Count(r => r.Service == "sched-lost");

        await Poll.UntilAsync(() => Task.FromResult(Runs.Count(r => r.Service == "sched-lost") >= before + 3), TimeSpan.FromSeconds(30),
            "the schedule to keep firing after a write whose answer was lost");
        Assert.True((await grain.RemoveAsync("*/2 * * * * *")).Succeeded);
    }

    [Theory]
    [InlineData("0 3 * *", 14, "'0 3 * *' is not a cron schedule")]
    [InlineData("0 3 * * *", 0, "--keep must be between 1 and 1000, not 0.")]
    public async Task SetAsync_BadInput_RefusedAndNothingChanged(string cron, int keep, string error)
    {
        var grain = _cluster.GrainFactory.GetGrain<IServiceBackupScheduleGrain>("sched-bad-" + keep);
        Assert.True((await grain.SetAsync("0 4 * * *", 7)).Succeeded);

        var result = await grain.SetAsync(cron, keep);

        Assert.StartsWith(error, result.Error);
        Assert.Equal([("0 4 * * *", 7)], (await grain.ListAsync()).Select(s => (s.Cron, s.Keep)));
        Assert.Equal("Service sched-bad-" + keep + " has no backup schedule \"0 5 * * *\".", (await grain.RemoveAsync("0 5 * * *")).Error);
    }

    private sealed class RecordingRunner : IScheduledBackupRunner
    {
        public Task<string> RunAsync(string service, BackupRetention retention, CancellationToken cancellationToken)
        {
            Runs.Enqueue((service, retention.MadeFor.Max(cron => retention.Keep[cron]), DateTimeOffset.UtcNow));
            return Task.FromResult("backup verified");
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(GrainStorage.Name);
            siloBuilder.Services.AddGrainStorage(GrainStorage.Name, (services, name) => _storage = new LostAnswerGrainStorage(MemoryGrainStorageFactory.Create(services, name)));
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            siloBuilder.Services.Configure<PaasOptions>(o => o.Backups.ScheduleCheckInterval = TimeSpan.FromSeconds(1));
            siloBuilder.Services.AddSingleton<IScheduledBackupRunner, RecordingRunner>();
        }
    }
}
