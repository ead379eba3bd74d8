using OrleansPaas.Apps;

namespace OrleansPaas.Nodes;

/// <summary>The outcome of a build on a node: the image (on that node) and what the app declared, or the reason it failed.</summary>
[GenerateSerializer, Immutable, Alias("paas.NodeBuildResult")]
public sealed record NodeBuildResult(
    [property: Id(0)] string? Image,
    [property: Id(1)] IReadOnlyDictionary<string, string> ProcessTypes,
    [property: Id(2)] ReleaseKind Kind,
    [property: Id(3)] IReadOnlyList<HealthCheck> Checks,
    [property: Id(4)] string? Error,
    [property: Id(5)] AppJsonSettings? AppJson = null)
{
    public bool Succeeded => Image is not null;
}
