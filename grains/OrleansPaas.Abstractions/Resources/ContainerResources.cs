namespace OrleansPaas.Resources;

/// <summary>
/// The limits one container of an app is started with, resolved from the app's own and the
/// platform's defaults by the app's grain, so every node starts its instances alike.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ContainerResources")]
public sealed record ContainerResources(
    [property: Id(0)] long NanoCpus,
    [property: Id(1)] long MemoryBytes);
