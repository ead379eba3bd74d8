namespace OrleansPaas.Gateway.Api.Models;

/// <summary>
/// An app's sleep settings and state in <c>GET /api/apps/{app}/ps</c>: <see cref="SleepAfter"/> as
/// written (<c>30s</c>, <c>off</c>), where it comes from (<c>app</c> or <c>default</c>), awake/sleeping/waking,
/// since when the app is idle (when it may sleep), when it went to sleep, and its last wake.
/// </summary>
public sealed record SleepView(
    string SleepAfter,
    string SleepAfterSource,
    bool SleepPage,
    string State,
    DateTimeOffset? IdleSince,
    DateTimeOffset? SleptAt,
    WakeView? LastWake,
    int Wakes);

/// <summary>One wake: when, instance start time and first response time in milliseconds, requests held, failure.</summary>
public sealed record WakeView(int Number, DateTimeOffset At, double? StartMs, double? FirstResponseMs, int HeldRequests, string? Failure);

/// <summary>The body of <c>PUT /api/apps/{app}/ps/settings/{key}</c>; no value sets the key back to its default.</summary>
public sealed record ProcessSettingRequest(string? Value);
