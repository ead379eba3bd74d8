namespace OrleansPaas.Grains.Fencing;

/// <summary>
/// The self-fencing clock, from the partition bound T. A node checks contact every T/10 (each attempt
/// bounded by T/10) and stops its workers once T/2 has passed without contact, giving each T/5 to
/// exit: the last of them is down by about 0.9 T after the last contact, while the survivors wait T
/// from when they saw the node declared dead, which is after that contact.
/// </summary>
public sealed record FenceTiming(TimeSpan Bound)
{
    public TimeSpan Silence => Bound / 2;

    public TimeSpan Check => Clamp(Bound / 10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));

    public TimeSpan Attempt => Clamp(Bound / 10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    /// <summary>How long a fenced worker gets after SIGTERM: the deploy's stop timeout, but no more than T/5.</summary>
    public TimeSpan Grace(TimeSpan stopTimeout) => stopTimeout < Bound / 5 ? stopTimeout : Bound / 5;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan least, TimeSpan most) =>
        value < least ? least : value > most ? most : value;
}
