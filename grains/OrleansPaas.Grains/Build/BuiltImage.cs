using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// What a build made (or the prebuilt image to deploy), ready to become a release: the image on
/// <see cref="Node"/>, its process types and health checks, and how its release is described.
/// </summary>
public sealed record BuiltImage(
    string Node,
    string Image,
    // The build's own image is untagged once released; a prebuilt image stays as the user left it.
    bool RemoveSource,
    string Commit,
    string Description,
    IReadOnlyDictionary<string, string> ProcessTypes,
    ReleaseKind Kind,
    IReadOnlyList<HealthCheck> Checks,
    bool RunReleasePhase,
    AppJsonSettings? AppJson = null);
