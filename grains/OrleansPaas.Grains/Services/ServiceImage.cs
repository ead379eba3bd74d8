using System.Text.RegularExpressions;
using OrleansPaas.Configuration;
using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>
/// The image a new service runs: the configured one (<c>Paas:Services:Postgres:Image</c>…), or with
/// <c>--version V</c> the same repository at tag V, keeping the configured tag's variant
/// (<c>postgres:17-alpine</c> with 16 → <c>postgres:16-alpine</c>).
/// </summary>
public static partial class ServiceImage
{
    public static string Configured(ServicesOptions options, ServiceKind kind) =>
        kind == ServiceKind.Postgres ? options.Postgres.Image : options.Redis.Image;

    /// <summary>The image, or (null, one sentence) when the version is not a plain version number.</summary>
    public static (string? Image, string? Problem) For(ServicesOptions options, ServiceKind kind, string? version)
    {
        var configured = Configured(options, kind);
        if (string.IsNullOrWhiteSpace(version))
        {
            return (configured, null);
        }

        if (!Version().IsMatch(version))
        {
            return (null, $"the version '{version}' is not a version number such as 16 or 7.2");
        }

        var (repository, tag) = Split(configured);
        var variant = tag is { } t && t.IndexOf('-', StringComparison.Ordinal) is var dash and >= 0 ? t[dash..] : "";
        return ($"{repository}:{version}{variant}", null);
    }

    /// <summary>The tag's version part (<c>17</c> of <c>postgres:17-alpine</c>), for <c>services:info</c>.</summary>
    public static string VersionOf(string image)
    {
        var tag = Split(image).Tag ?? "latest";
        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? tag[..dash] : tag;
    }

    // A registry host may carry a port (host:5000/postgres), so the tag is after the last ':' past the last '/'.
    private static (string Repository, string? Tag) Split(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, null);
    }

    [GeneratedRegex("^[0-9]{1,3}(\\.[0-9]{1,3}){0,2}$")]
    private static partial Regex Version();
}
