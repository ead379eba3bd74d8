namespace OrleansPaas.Grains.Cron;

/// <summary>
/// When a job fires, without a grain or a clock: a scheduled time fires once (never at or before
/// the last one fired for, nor before the job was followed); one missed while the platform was down
/// fires on recovery only if within the catch-up window, and of several missed only the latest.
/// </summary>
public static class CronDecisions
{
    /// <summary>
    /// A time is "on time", not "missed", for this long after it: the reminder that wakes a
    /// deactivated grain ticks once a minute, so a wake can come up to a minute late.
    /// </summary>
    public static readonly TimeSpan OnTime = TimeSpan.FromMinutes(2);

    /// <summary>How long the cron reminder ticks after each whole minute (every schedule's times are whole minutes).</summary>
    public static readonly TimeSpan ReminderPhase = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The first tick of a once-a-minute reminder registered at <paramref name="now"/>: the next whole
    /// minute plus <see cref="ReminderPhase"/>, so every later tick comes just after a scheduled time.
    /// </summary>
    public static TimeSpan ReminderDue(DateTimeOffset now)
    {
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, now.Offset);
        var tick = minute + ReminderPhase;
        return (tick > now ? tick : tick.AddMinutes(1)) - now;
    }

    /// <summary>The scheduled time to fire for at <paramref name="now"/>, or null when nothing is due.</summary>
    public static DateTimeOffset? Due(CronSchedule schedule, DateTimeOffset since, DateTimeOffset? lastScheduled, DateTimeOffset now, TimeSpan catchUp)
    {
        var window = now - (catchUp > OnTime ? catchUp : OnTime);
        var after = Latest(since, lastScheduled ?? since, window);
        return after >= now ? null : schedule.LatestDue(after, now);
    }

    /// <summary>When the job's next scheduled time comes after <paramref name="now"/>; null when never.</summary>
    public static DateTimeOffset? Next(CronSchedule schedule, DateTimeOffset since, DateTimeOffset? lastScheduled, DateTimeOffset now) =>
        schedule.NextAfter(Latest(since, lastScheduled ?? since, now));

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b, DateTimeOffset c) =>
        a > b ? (a > c ? a : c) : (b > c ? b : c);
}
