using OrleansPaas.Apps;

namespace OrleansPaas.Nodes;

/// <summary>An app instance container as the node's engine sees it.</summary>
[GenerateSerializer, Immutable, Alias("paas.NodeInstance")]
public sealed record NodeInstance(
    [property: Id(0)] string App,
    [property: Id(1)] InstanceInfo Instance,
    [property: Id(2)] bool Running,
    [property: Id(3)] long? ExitCode);
