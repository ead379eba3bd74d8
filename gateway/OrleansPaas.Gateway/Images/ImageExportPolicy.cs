using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Images;

/// <summary>
/// Which images a node hands out to other nodes: only what the platform owns (its app images,
/// <c>paas/&lt;app&gt;:&lt;tag&gt;</c>, and the configured buildpack stacks). The engine may hold other
/// people's images with secrets baked in; the admin token is not a licence to read those. The
/// reference is parsed with the engine's grammar and compared by its parts, never as a string
/// prefix: <c>paas/../../images/x</c> is not a reference at all.
/// </summary>
public sealed class ImageExportPolicy(IOptions<PaasOptions> options)
{
    public const string PlatformRepository = "paas";

    public ImageExportDecision Decide(string reference)
    {
        if (!ImageReference.TryParse(reference, out var parsed))
        {
            return ImageExportDecision.Malformed;
        }

        var build = options.Value.Build;
        if (string.Equals(reference, build.StackBuildImage, StringComparison.Ordinal) || string.Equals(reference, build.StackRunImage, StringComparison.Ordinal))
        {
            return ImageExportDecision.Exportable;
        }

        // The platform tags every image it makes (build-N, vN): an untagged name would mean the engine's "latest".
        return parsed.Tag is not null && parsed.Components is [PlatformRepository, var app] && AppName.TryParse(app, out _, out _)
            ? ImageExportDecision.Exportable
            : ImageExportDecision.NotThePlatforms;
    }
}
