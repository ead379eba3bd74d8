using System.Net;
using System.Text.RegularExpressions;

namespace OrleansPaas.Cli.Checkout;

/// <summary>
/// Whether a git remote points at the platform, and at which app: an HTTP(S) remote on the control
/// URL's host and port whose path is the control URL's path plus <c>APP.git</c>
/// (<c>http://host:8081/blog.git</c>), or an SSH remote on the same host (<c>paas@host:blog.git</c>,
/// <c>ssh://paas@host/blog.git</c>; SSH has its own port).
/// </summary>
internal static partial class PlatformRemote
{
    /// <summary>The app <paramref name="remoteUrl"/> deploys to on the platform at <paramref name="platformUrl"/>, or null.</summary>
    public static string? AppName(string remoteUrl, string platformUrl)
    {
        if (!Uri.TryCreate(platformUrl, UriKind.Absolute, out var platform))
        {
            return null;
        }

        if (ScpLikeRemote().Match(remoteUrl) is { Success: true } scp)
        {
            return SameHost(scp.Groups["host"].Value, platform.Host) ? scp.Groups["app"].Value : null;
        }

        if (!Uri.TryCreate(remoteUrl, UriKind.Absolute, out var remote))
        {
            return null;
        }

        if (remote.Scheme is "ssh")
        {
            return SameHost(remote.Host, platform.Host) ? AppFromPath(remote.AbsolutePath, "/") : null;
        }

        if (remote.Scheme != platform.Scheme || remote.Port != platform.Port || !SameHost(remote.Host, platform.Host))
        {
            return null;
        }

        // A control URL behind a proxy may have a path of its own (https://host/paas): repositories live under it.
        return AppFromPath(remote.AbsolutePath, platform.AbsolutePath.TrimEnd('/') + "/");
    }

    private static string? AppFromPath(string path, string prefix)
    {
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = Uri.UnescapeDataString(path[prefix.Length..]).TrimEnd('/');
        return rest.EndsWith(".git", StringComparison.Ordinal) && rest.Length > ".git".Length && !rest.Contains('/')
            ? rest[..^".git".Length]
            : null;
    }

    /// <summary>Names are compared as names; loopback is loopback however it is written.</summary>
    private static bool SameHost(string a, string b) =>
        string.Equals(a.Trim('[', ']'), b.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) || (IsLoopback(a) && IsLoopback(b));

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>git's scp-like syntax: <c>[user@]host:path</c> with no scheme and no slash before the colon.</summary>
    [GeneratedRegex(@"^(?:[^@/:]+@)?(?<host>[^@/:\[\]]+|\[[^\]]+\]):/?(?<app>[^/]+)\.git/?$")]
    private static partial Regex ScpLikeRemote();
}
