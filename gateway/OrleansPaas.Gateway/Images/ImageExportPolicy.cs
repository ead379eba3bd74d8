using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Images;

/// <summary>
/// Which images a node hands out to other nodes: only what the platform owns (its <c>paas/…</c>
/// build and release images and the configured buildpack stacks). The engine may hold other
/// people's images with secrets baked in; the admin token is not a licence to read those.
/// </summary>
public sealed class ImageExportPolicy(IOptions<PaasOptions> options)
{
    public const string PlatformPrefix = "paas/";

    public bool IsExportable(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var build = options.Value.Build;
        return (reference.StartsWith(PlatformPrefix, StringComparison.Ordinal) && reference.Length > PlatformPrefix.Length)
               || string.Equals(reference, build.StackBuildImage, StringComparison.Ordinal)
               || string.Equals(reference, build.StackRunImage, StringComparison.Ordinal);
    }
}
