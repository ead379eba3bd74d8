namespace OrleansPaas.Nodes;

/// <summary>
/// One step of long work on a node, streamed to the app grain: a log line, or the end (a build's
/// result or a container's exit code).
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.NodeWorkEvent")]
public sealed record NodeWorkEvent(
    [property: Id(0)] string? Line,
    [property: Id(1)] NodeBuildResult? Build = null,
    [property: Id(2)] long? ExitCode = null)
{
    public static NodeWorkEvent Log(string line) => new(line);
}
