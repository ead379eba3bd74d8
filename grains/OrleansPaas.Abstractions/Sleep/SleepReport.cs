namespace OrleansPaas.Sleep;

/// <summary>
/// An app's sleep settings and state for <c>ps:report</c> and <c>apps:list</c>: the idle time in
/// force (and whether it is the platform's default), asleep or waking, idle since, and the last wake.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.SleepReport")]
public sealed record SleepReport(
    [property: Id(0)] TimeSpan? SleepAfter,
    [property: Id(1)] bool SleepAfterIsDefault,
    [property: Id(2)] bool SleepPage,
    [property: Id(3)] bool Sleeping,
    [property: Id(4)] bool Waking,
    [property: Id(5)] DateTimeOffset? LastActivityAt,
    [property: Id(6)] DateTimeOffset? SleptAt,
    [property: Id(7)] WakeRecord? LastWake,
    [property: Id(8)] int Wakes)
{
    public static SleepReport Never { get; } = new(null, true, false, false, false, null, null, null, 0);
}

/// <summary>
/// One wake: when, how long the instances took to pass their readiness checks, how long the first
/// held request waited for its response (reported by the gateways), how many requests were held,
/// and why it failed if it did.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.WakeRecord")]
public sealed record WakeRecord(
    [property: Id(0)] int Number,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] TimeSpan? StartTook,
    [property: Id(3)] TimeSpan? FirstResponseAfter,
    [property: Id(4)] int HeldRequests,
    [property: Id(5)] string? Failure);
