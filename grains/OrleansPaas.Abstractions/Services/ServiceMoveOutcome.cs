namespace OrleansPaas.Services;

/// <summary>
/// What <c>services:move</c> or <c>services:restore --node</c> did, step by step (the lines, as storage:move says
/// them), and its outcome: the service where it now serves, or why it stayed where it was.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceMoveOutcome")]
public sealed record ServiceMoveOutcome(
    [property: Id(0)] IReadOnlyList<string> Lines,
    [property: Id(1)] ServiceCommandResult Result);
