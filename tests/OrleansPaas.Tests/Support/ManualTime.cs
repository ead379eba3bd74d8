namespace OrleansPaas.Tests.Support;

/// <summary>
/// The real clock, which a test can also move forward by hand: timeouts measured on it still
/// pass by themselves, while <see cref="Advance"/> jumps over an expiry without waiting for it.
/// </summary>
public sealed class ManualTime : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
