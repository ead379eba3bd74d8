using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Sleep;
using OrleansPaas.Resources;

namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// What a deploy needs from the app's grain beyond what sleeping needs: its sleep cycle (a sleeping
/// app's new instances are parked), rollouts with limits not committed yet, and words for the push's output.
/// </summary>
public interface IDeployHost : ISleepHost
{
    SleepCycle Sleep { get; }

    /// <summary>The app's own host under the platform's domain.</summary>
    string VirtualHost { get; }

    /// <summary>What a command that succeeded answers.</summary>
    AppInfo Snapshot();

    /// <summary>What still serves after a failed deploy, for the pusher's output.</summary>
    string PreviousReleaseNote();

    /// <summary>A rollout whose containers get the app's limits, or <paramref name="resources"/> (a change not committed yet).</summary>
    Rollout NewRollout(BuildLog log, ResourceLimits? resources);
}
