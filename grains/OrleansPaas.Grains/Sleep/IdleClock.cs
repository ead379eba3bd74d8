namespace OrleansPaas.Grains.Sleep;

/// <summary>
/// When an app was last in use, as far as its grain knows: the gateways' traffic reports, and the
/// moments that count as a fresh start (activation, a new setting, a deploy, a wake, a sleep called
/// off). An app is idle once neither has happened for its idle time. Times are passed in, so the
/// decisions are tested without waiting.
/// </summary>
public sealed class IdleClock(DateTimeOffset start)
{
    private static readonly TimeSpan LookAtMost = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LookAtLeast = TimeSpan.FromMilliseconds(250);

    /// <summary>The last report of a request or an open connection.</summary>
    public DateTimeOffset LastActivityAt { get; private set; } = start;

    /// <summary>The last fresh start: the idle time counts from here at the earliest.</summary>
    public DateTimeOffset AwakeSince { get; private set; } = start;

    public DateTimeOffset IdleSince => LastActivityAt > AwakeSince ? LastActivityAt : AwakeSince;

    /// <summary>A gateway's report: requests, or connections still open (a long poll), are use; an empty report is not.</summary>
    public void Heard(long requests, int open, DateTimeOffset now)
    {
        if (requests > 0 || open > 0)
        {
            LastActivityAt = now;
        }
    }

    /// <summary>The idle time starts again now (a new setting, a deploy, a sleep called off): a change never puts an app to sleep at once.</summary>
    public void Restart(DateTimeOffset now) => AwakeSince = now;

    /// <summary>The app woke for a request: it is in use now.</summary>
    public void Woke(DateTimeOffset now) => AwakeSince = LastActivityAt = now;

    /// <summary>Any use reported after <paramref name="moment"/>.</summary>
    public bool HeardSince(DateTimeOffset moment) => LastActivityAt > moment;

    public bool IsIdleFor(TimeSpan sleepAfter, DateTimeOffset now) => now - IdleSince >= sleepAfter;

    /// <summary>How often to look at the clock: a quarter of the idle time, between 250 ms and 30 s.</summary>
    public static TimeSpan LookEvery(TimeSpan sleepAfter) =>
        TimeSpan.FromTicks(Math.Clamp(sleepAfter.Ticks / 4, LookAtLeast.Ticks, LookAtMost.Ticks));

    /// <summary>
    /// The idle time in force: the app's own (<see cref="TimeSpan.Zero"/>: never), else the platform's
    /// default (<c>Paas:Sleep:IdleAfter</c>); null: the app never sleeps.
    /// </summary>
    public static TimeSpan? InForce(TimeSpan? own, TimeSpan? platformDefault) => own is { } set
        ? set > TimeSpan.Zero ? set : null
        : platformDefault is { } fallback && fallback > TimeSpan.Zero ? fallback : null;
}
