namespace OrleansPaas.Tests.Support;

/// <summary>A wall clock that can be set, beside a monotonic clock that only moves forward (for unit tests of time rules).</summary>
public sealed class StepClock(DateTimeOffset wall) : TimeProvider
{
    private DateTimeOffset _wall = wall;
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _wall;

    public override long GetTimestamp() => _ticks;

    public void Pass(TimeSpan time)
    {
        _wall += time;
        _ticks += time.Ticks;
    }

    public void SetWall(DateTimeOffset wall) => _wall = wall;
}
