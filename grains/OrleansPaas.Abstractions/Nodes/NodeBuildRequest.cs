using OrleansPaas.Builds;

namespace OrleansPaas.Nodes;

/// <summary>A build for a node: the pushed source, the build number and the app's config (buildpacks read it).</summary>
[GenerateSerializer, Immutable, Alias("paas.NodeBuildRequest")]
public sealed record NodeBuildRequest(
    [property: Id(0)] string App,
    [property: Id(1)] int BuildId,
    [property: Id(2)] BuildSource Source,
    [property: Id(3)] IReadOnlyDictionary<string, string> Config);
