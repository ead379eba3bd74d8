namespace OrleansPaas.Nodes;

/// <summary>How a copy of an app's volume from another node went (<c>storage:move</c>): <see cref="Failure"/> null when it arrived.</summary>
[GenerateSerializer, Immutable, Alias("paas.VolumeCopyResult")]
public sealed record VolumeCopyResult(
    [property: Id(0)] string? Failure,
    [property: Id(1)] long Bytes,
    [property: Id(2)] TimeSpan Duration);
