using OrleansPaas.Apps;
using OrleansPaas.Grains.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Supervision;

namespace OrleansPaas.Grains.Sleep;

/// <summary>
/// What going to sleep and waking need from the app's grain: its desired state (to change and
/// save), what runs, its routes, its rollouts, and its one-command-at-a-time rule. The grain itself,
/// so the idle timer is the grain's timer.
/// </summary>
public interface ISleepHost : IGrainBase
{
    AppName Name { get; }

    AppState State { get; }

    RunningInstances Running { get; }

    /// <summary>A build is between its steps: an app does not go to sleep under it.</summary>
    bool Building { get; }

    DesiredRun Desired();

    Rollout NewRollout();

    Task SaveAsync();

    Task PublishRouteAsync();

    Task<T> RunCommandAsync<T>(Func<Task<T>> command);
}
