namespace OrleansPaas.Nodes;

/// <summary>One line an instance wrote: the instance (web.1), whether it went to stderr, and the text.</summary>
[GenerateSerializer, Immutable, Alias("paas.LogLine")]
public sealed record LogLine(
    [property: Id(0)] string Source,
    [property: Id(1)] bool IsError,
    [property: Id(2)] string Text);
