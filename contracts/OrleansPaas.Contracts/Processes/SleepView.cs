namespace OrleansPaas.Contracts.Processes;

/// <summary>An app's sleep settings and state, as <c>GET /api/apps/{app}/ps</c> reports them.</summary>
public sealed record SleepView
{
    /// <summary>The idle time in force as written (<c>30s</c>, <c>2h</c>) or <c>off</c>.</summary>
    public string SleepAfter { get; init; } = "off";

    /// <summary><c>app</c> (set with ps:set) or <c>default</c> (Paas:Sleep:IdleAfter).</summary>
    public string SleepAfterSource { get; init; } = "default";

    public bool SleepPage { get; init; }

    /// <summary><c>awake</c>, <c>sleeping</c> or <c>waking</c>.</summary>
    public string State { get; init; } = "awake";

    /// <summary>Since when the app is idle (it may sleep from then on); null while it sleeps.</summary>
    public DateTimeOffset? IdleSince { get; init; }

    public DateTimeOffset? SleptAt { get; init; }
    public WakeView? LastWake { get; init; }
    public int Wakes { get; init; }
}
