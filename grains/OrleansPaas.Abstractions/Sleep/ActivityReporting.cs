namespace OrleansPaas.Sleep;

/// <summary>
/// How often gateways tell an app's grain about its traffic, shared by both sides: the grain must
/// know how stale its picture can be before it puts an app to sleep.
/// </summary>
public static class ActivityReporting
{
    /// <summary>How often a gateway looks at its counters (a local read, no call).</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The batch length for an app that sleeps after <paramref name="sleepAfter"/>: a third of it, so
    /// an app in use is heard from several times per idle period, between 1 and 5 seconds.
    /// </summary>
    public static TimeSpan IntervalFor(TimeSpan sleepAfter) =>
        TimeSpan.FromTicks(Math.Clamp(sleepAfter.Ticks / 3, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(5).Ticks));

    /// <summary>
    /// How long the grain waits, once the routes say "sleeping", for reports of traffic that was
    /// under way when it decided: one batch plus one look at the counters, with room to arrive.
    /// </summary>
    public static TimeSpan ConfirmWindowFor(TimeSpan sleepAfter) => IntervalFor(sleepAfter) + Tick + TimeSpan.FromMilliseconds(500);
}
