using OrleansPaas.Apps;

namespace OrleansPaas.Nodes;

/// <summary>
/// A started, ready instance, or why it did not come up (nothing is left behind then) and, when its
/// process exited, with which code: crash records take it from here, never from the text.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.InstanceStartResult")]
public sealed record InstanceStartResult(
    [property: Id(0)] InstanceInfo? Instance,
    [property: Id(1)] string? Problem,
    [property: Id(2)] long? ExitCode = null)
{
    public static InstanceStartResult Ready(InstanceInfo instance) => new(instance, null);
    public static InstanceStartResult Failed(string problem, long? exitCode = null) => new(null, problem, exitCode);

    /// <summary>A stopped container to start again is no longer there (or cannot start): a new one must take its place.</summary>
    public static InstanceStartResult Gone { get; } = new(null, null);

    public bool IsGone => Instance is null && Problem is null;
}
