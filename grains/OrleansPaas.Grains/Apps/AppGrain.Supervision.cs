using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Supervision: an instance that exits (seen in Docker events) leaves the routes at once, its last
/// output is kept for <c>ps:report</c>, and it is restarted with exponential back-off.
/// </summary>
public sealed partial class AppGrain
{
    // A crash longer ago than this starts the back-off over.
    private static readonly TimeSpan CrashMemory = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, IGrainTimer> _restartTimers = new(StringComparer.Ordinal);

    public async Task OnInstanceExitedAsync(string containerId, long exitCode)
    {
        var instance = State.Instances.FirstOrDefault(i => i.ContainerId == containerId);
        if (instance is null)
        {
            return; // Retired by the platform itself, or already handled.
        }

        // Out of the routes first: not a single request more goes to a dead instance.
        State.Instances.Remove(instance);
        await SaveAsync();
        if (instance.Process == WebProcess)
        {
            await PublishRouteAsync(State.Instances);
        }

        var output = await runtime.TailAsync(containerId, 20, CancellationToken.None);
        await runtime.StopAndRemoveAsync(containerId, CancellationToken.None);
        var delay = RecordCrash(instance.Name, exitCode, output);
        await SaveAsync();
        LogInstanceExited(logger, _name.Value, instance.Name, exitCode, delay.TotalSeconds);
        ScheduleRestart(instance.Process, instance.Index, delay);
    }

    /// <summary>Notes the crash and returns how long to wait before the restart: at once the first time, then 1 s, 2 s, 4 s, … up to 5 minutes.</summary>
    private TimeSpan RecordCrash(string instance, long exitCode, IReadOnlyList<string> output)
    {
        var now = DateTimeOffset.UtcNow;
        var restarts = State.Crashes.TryGetValue(instance, out var previous) && now - previous.At < CrashMemory ? previous.Restarts + 1 : 1;
        State.Crashes[instance] = new CrashInfo(instance, restarts, exitCode, output, now, Restarting: true);
        return restarts == 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, restarts - 2), MaxBackoff.TotalSeconds));
    }

    private void ScheduleRestart(string process, int index, TimeSpan delay)
    {
        var name = $"{process}.{index}";
        if (_restartTimers.Remove(name, out var previous))
        {
            previous.Dispose();
        }

        _restartTimers[name] = this.RegisterGrainTimer(RestartCrashedAsync, (process, index),
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    private async Task RestartCrashedAsync((string Process, int Index) target, CancellationToken cancellationToken)
    {
        var name = $"{target.Process}.{target.Index}";
        // Disposing the timer would cancel this very callback: forget it now, dispose it when done.
        _restartTimers.Remove(name, out var timer);
        await _lifecycle.WaitAsync(CancellationToken.None);
        try
        {
            // The app may have been stopped, scaled down or redeployed (with a fresh instance) meanwhile.
            if (State.Current is not { } release || State.Stopped || target.Index > Count(target.Process)
                || State.Instances.Any(i => i.Name == name) || !release.ScalableTypes.Contains(target.Process))
            {
                MarkRecovered(name);
                await SaveAsync();
                return;
            }

            var log = new BuildLog(0, filePath: null);
            var instance = await StartInstanceAsync(release, target.Process, target.Index, log);
            if (instance is null)
            {
                var delay = RecordCrash(name, State.Crashes.GetValueOrDefault(name)?.LastExitCode ?? -1, log.Lines());
                await SaveAsync();
                ScheduleRestart(target.Process, target.Index, delay);
                return;
            }

            State.Instances.Add(instance);
            State.Instances.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            MarkRecovered(name);
            await SaveAsync();
            if (instance.Process == WebProcess)
            {
                await PublishRouteAsync(State.Instances);
            }
        }
        finally
        {
            _lifecycle.Release();
            timer?.Dispose();
        }
    }

    private void MarkRecovered(string instance)
    {
        if (State.Crashes.TryGetValue(instance, out var crash) && crash.Restarting)
        {
            State.Crashes[instance] = crash with { Restarting = false };
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{App} {Instance} exited with code {ExitCode}; restarting in {Delay}s")]
    private static partial void LogInstanceExited(ILogger logger, string app, string instance, long exitCode, double delay);
}
