namespace OrleansPaas.Cli.Api.Models;

/// <summary>An app's sleep settings and state, as <c>GET /api/apps/{app}/ps</c> reports them.</summary>
internal sealed record SleepView
{
    /// <summary>The idle time in force as written (<c>30s</c>, <c>2h</c>) or <c>off</c>.</summary>
    public string SleepAfter { get; init; } = "off";

    /// <summary><c>app</c> (set with ps:set) or <c>default</c> (Paas:Sleep:IdleAfter).</summary>
    public string SleepAfterSource { get; init; } = "default";

    public bool SleepPage { get; init; }

    /// <summary><c>awake</c>, <c>sleeping</c> or <c>waking</c>.</summary>
    public string State { get; init; } = "awake";

    public DateTimeOffset? IdleSince { get; init; }
    public DateTimeOffset? SleptAt { get; init; }
    public WakeView? LastWake { get; init; }
    public int Wakes { get; init; }
}

internal sealed record WakeView
{
    public int Number { get; init; }
    public DateTimeOffset At { get; init; }
    public double? StartMs { get; init; }
    public double? FirstResponseMs { get; init; }
    public int HeldRequests { get; init; }
    public string? Failure { get; init; }
}

/// <summary>The body of <c>PUT /api/apps/{app}/ps/settings/{key}</c>.</summary>
internal sealed record ProcessSettingRequest(string? Value);
