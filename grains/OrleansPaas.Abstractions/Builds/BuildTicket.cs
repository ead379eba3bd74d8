namespace OrleansPaas.Builds;

/// <summary>A queued build: its id and how many builds of the same app run or wait before it.</summary>
[GenerateSerializer, Immutable, Alias("paas.BuildTicket")]
public sealed record BuildTicket([property: Id(0)] int BuildId, [property: Id(1)] int Ahead);
