using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Sleep;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Sleep;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Sleeping apps' entry points. <see cref="SleepCycle"/> puts an idle app to sleep and wakes it;
/// this grain is the activator, single-flight across the cluster because there is one activation per app.
/// </summary>
public sealed partial class AppGrain : ISleepHost
{
    private SleepCycle _sleep = null!;

    public async Task<AppCommandResult> SetSleepAsync(SleepSettings settings) =>
        !State.Exists ? AppCommandResult.NotFound(_name.Value)
        : SleepCycle.Invalid(settings) is { } problem ? AppCommandResult.Invalid("sleep-after", problem)
        : await RunCommandAsync(async () =>
        {
            await _sleep.ApplyAsync(settings);
            return AppCommandResult.Ok(Snapshot());
        });

    public Task ReportActivityAsync(string gateway, long requests, int open)
    {
        _sleep.Heard(requests, open);
        return Task.CompletedTask;
    }

    public Task ReportWakeAsync(int wake, int heldRequests, TimeSpan firstResponseAfter) =>
        RunCommandAsync(() => _sleep.RecordWakeFiguresAsync(wake, heldRequests, firstResponseAfter));

    public Task<WakeResult> WakeAsync() => _sleep.WakeAsync();

    AppName ISleepHost.Name => _name;
    AppState ISleepHost.State => State;
    RunningInstances ISleepHost.Running => _running;
    bool ISleepHost.Building => BuildsInFlight > 0;
    DesiredRun ISleepHost.Desired() => Desired();
    Rollout ISleepHost.NewRollout() => NewRollout(BuildLog.InMemory());
    Task ISleepHost.SaveAsync() => state.WriteStateAsync();
    Task ISleepHost.PublishRouteAsync() => PublishRouteAsync();
    Task<T> ISleepHost.RunCommandAsync<T>(Func<Task<T>> command) => RunCommandAsync(command);
}
