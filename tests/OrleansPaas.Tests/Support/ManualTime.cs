namespace OrleansPaas.Tests.Support;

/// <summary>A clock a test moves by hand (timers and delays still run on the real clock).</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
