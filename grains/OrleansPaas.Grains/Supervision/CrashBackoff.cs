using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// Restart back-off for crashing instances: the first crash restarts at once, then 1 s, 2 s, 4 s, …
/// up to 5 minutes; a crash longer ago than 10 minutes starts over.
/// </summary>
public static class CrashBackoff
{
    private static readonly TimeSpan CrashMemory = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    public static CrashInfo Record(CrashInfo? previous, string instance, long exitCode, IReadOnlyList<string> output, DateTimeOffset now)
    {
        var restarts = previous is not null && now - previous.At < CrashMemory ? previous.Restarts + 1 : 1;
        return new CrashInfo(instance, restarts, exitCode, output, now, Restarting: true);
    }

    public static TimeSpan Delay(CrashInfo crash) => crash.Restarts <= 1
        ? TimeSpan.Zero
        : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, crash.Restarts - 2), MaxBackoff.TotalSeconds));

    public static DateTimeOffset NextAttempt(CrashInfo crash) => crash.At + Delay(crash);

    /// <summary>A slot may be started now: it never crashed, recovered since, or its back-off is over.</summary>
    public static bool IsDue(CrashInfo? crash, DateTimeOffset now) => crash is null || !crash.Restarting || NextAttempt(crash) <= now;
}
