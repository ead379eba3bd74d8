using OrleansPaas.Apps;

namespace OrleansPaas.Attachments;

/// <summary>One line of <c>storage:move</c>'s progress, or (last) its outcome.</summary>
[GenerateSerializer, Immutable, Alias("paas.StorageMoveStep")]
public sealed record StorageMoveStep(
    [property: Id(0)] string? Line,
    [property: Id(1)] AppCommandResult? Result = null);
