using OrleansPaas.Apps;
using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>Turns a pushed commit into an image. Failures are values, not exceptions.</summary>
public interface IImageBuilder
{
    Task<BuildResult> BuildAsync(AppName app, int buildId, BuildSource source, BuildLog log, CancellationToken cancellationToken);
}

/// <summary>The outcome of a build: the image reference on success, the reason otherwise.</summary>
public sealed record BuildResult(string? Image, string? Error)
{
    public bool Succeeded => Image is not null;
    public static BuildResult Success(string image) => new(image, null);
    public static BuildResult Failure(string error) => new(null, error);
}
