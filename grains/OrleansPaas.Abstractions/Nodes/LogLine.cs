namespace OrleansPaas.Nodes;

/// <summary>
/// One line an instance wrote: the instance (web.1), whether it went to stderr, the text, the
/// release the instance ran and when the engine took the line. Platform notes have source <c>paas</c>
/// and release 0. In a follow, one line with <see cref="TailEnd"/> (and nothing else) says the
/// kept tail is over and live lines follow.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.LogLine")]
public sealed record LogLine(
    [property: Id(0)] string Source,
    [property: Id(1)] bool IsError,
    [property: Id(2)] string Text,
    [property: Id(3)] int Release = 0,
    [property: Id(4)] DateTimeOffset At = default,
    [property: Id(5)] bool TailEnd = false)
{
    public static readonly LogLine EndOfTail = new("", false, "", TailEnd: true);
}
