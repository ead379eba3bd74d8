using OrleansPaas.Apps;
using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>Turns a pushed commit into an image. Failures are values, not exceptions.</summary>
public interface IImageBuilder
{
    Task<BuildResult> BuildAsync(BuildRequest request, BuildLog log, CancellationToken cancellationToken);
}

/// <summary>What to build, with the app's config vars (buildpacks read BUILDPACK_URL and get them in ENV_DIR).</summary>
public sealed record BuildRequest(AppName App, int BuildId, BuildSource Source, IReadOnlyDictionary<string, string> Config);

/// <summary>
/// The outcome of a build: the image and its process types (type → command; an empty command
/// means the image's own CMD) on success, the reason otherwise.
/// </summary>
public sealed record BuildResult(string? Image, IReadOnlyDictionary<string, string> ProcessTypes, ReleaseKind Kind, string? Error)
{
    /// <summary>app.json's startup checks for web instances (filled in by <see cref="SourceBuilder"/>).</summary>
    public IReadOnlyList<HealthCheck> Checks { get; init; } = [];

    /// <summary>app.json's deploy scripts, initial formation and cron jobs (filled in by <see cref="SourceBuilder"/>).</summary>
    public AppJsonSettings AppJson { get; init; } = AppJsonSettings.None;

    public bool Succeeded => Image is not null;
    public static BuildResult Success(string image, IReadOnlyDictionary<string, string> processTypes, ReleaseKind kind) => new(image, processTypes, kind, null);
    public static BuildResult Failure(string error) => new(null, new Dictionary<string, string>(), ReleaseKind.Image, error);
}
