namespace OrleansPaas.Nodes;

/// <summary>A volume copy of <c>storage:move</c> as it goes: the bytes received so far, and <see cref="Result"/> once it ended.</summary>
[GenerateSerializer, Immutable, Alias("paas.VolumeCopyProgress")]
public sealed record VolumeCopyProgress(
    [property: Id(0)] long Bytes,
    [property: Id(1)] VolumeCopyResult? Result);
