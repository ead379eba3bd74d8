namespace OrleansPaas.Builds;

/// <summary>A slice of a build's log. <see cref="NextLine"/> is where the next read starts.</summary>
[GenerateSerializer, Immutable, Alias("paas.BuildLogChunk")]
public sealed record BuildLogChunk(
    [property: Id(0)] IReadOnlyList<string> Lines,
    [property: Id(1)] int NextLine,
    [property: Id(2)] BuildOutcome Outcome);

[GenerateSerializer, Alias("paas.BuildOutcome")]
public enum BuildOutcome
{
    Queued = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    /// <summary>The build id is unknown (e.g. the grain restarted and the log is gone).</summary>
    Unknown = 4,
}

public static class BuildOutcomeExtensions
{
    public static bool IsFinished(this BuildOutcome outcome) => outcome is BuildOutcome.Succeeded or BuildOutcome.Failed or BuildOutcome.Unknown;
}
