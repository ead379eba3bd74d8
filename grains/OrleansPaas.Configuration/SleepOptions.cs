namespace OrleansPaas.Configuration;

public sealed class SleepOptions
{
    /// <summary>The idle time after which apps without their own <c>sleep-after</c> sleep; unset: they never do.</summary>
    public TimeSpan? IdleAfter { get; set; }

    /// <summary>How long a request held for a sleeping app waits for it to wake before it gets a 503 with Retry-After.</summary>
    public TimeSpan WakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests one gateway holds for one waking app; beyond it, 503 at once (a flood must not pile up in memory).</summary>
    public int MaxHeldRequests { get; set; } = 1000;
}
