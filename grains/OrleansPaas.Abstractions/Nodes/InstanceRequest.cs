using OrleansPaas.Apps;

namespace OrleansPaas.Nodes;

/// <summary>One instance (or one release-phase run) to start on a node.</summary>
[GenerateSerializer, Immutable, Alias("paas.InstanceRequest")]
public sealed record InstanceRequest(
    [property: Id(0)] string App,
    [property: Id(1)] string Process,
    [property: Id(2)] int Index,
    [property: Id(3)] int ReleaseVersion,
    [property: Id(4)] string Image,
    [property: Id(5)] int Port,
    [property: Id(6)] IReadOnlyDictionary<string, string> Environment,
    [property: Id(7)] IReadOnlyList<string>? Command,
    [property: Id(8)] string HostHeader,
    [property: Id(9)] IReadOnlyList<HealthCheck> Checks,
    [property: Id(10)] TimeSpan ReadinessTimeout,
    // Null from a silo older than resource limits: the node's defaults (Paas:Deploy) apply.
    [property: Id(11)] OrleansPaas.Resources.ContainerResources? Resources = null,
    // Null: nothing beyond code and config (also from a silo older than attachments).
    [property: Id(12)] OrleansPaas.Attachments.ContainerAttachments? Attachments = null)
{
    public string Name => $"{Process}.{Index}";
}
