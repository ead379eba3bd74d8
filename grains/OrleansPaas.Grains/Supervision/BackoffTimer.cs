namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// One app's next reconciliation when its earliest back-off ends, rather than at the next periodic
/// pass: a crashed instance restarts as soon as it may. One timer per app; a later plan replaces it.
/// </summary>
public sealed class BackoffTimer(IGrainBase grain, Func<Task> reconcile)
{
    private IGrainTimer? _timer;

    /// <summary>Reconciles at <paramref name="attempt"/> (at once if it has passed); nothing when there is no back-off.</summary>
    public void Schedule(DateTimeOffset? attempt, DateTimeOffset now)
    {
        if (attempt is not { } at)
        {
            return;
        }

        _timer?.Dispose();
        _timer = grain.RegisterGrainTimer(_ => reconcile(),
            new GrainTimerCreationOptions(DueIn(at, now), Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    /// <summary>How long until <paramref name="at"/>; zero once it has passed.</summary>
    public static TimeSpan DueIn(DateTimeOffset at, DateTimeOffset now) => at > now ? at - now : TimeSpan.Zero;
}
