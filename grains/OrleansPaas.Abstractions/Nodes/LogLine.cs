namespace OrleansPaas.Nodes;

/// <summary>
/// One line an instance wrote: the instance (web.1), whether it went to stderr, the text, the
/// release the instance ran and when the engine took the line. Platform notes have source <c>paas</c> and release 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.LogLine")]
public sealed record LogLine(
    [property: Id(0)] string Source,
    [property: Id(1)] bool IsError,
    [property: Id(2)] string Text,
    [property: Id(3)] int Release = 0,
    [property: Id(4)] DateTimeOffset At = default);

/// <summary>A node's last kept lines of an app, and the time a follow continues after.</summary>
[GenerateSerializer, Immutable, Alias("paas.KeptTail")]
public sealed record KeptTail(
    [property: Id(0)] IReadOnlyList<LogLine> Lines,
    [property: Id(1)] DateTimeOffset Until);
