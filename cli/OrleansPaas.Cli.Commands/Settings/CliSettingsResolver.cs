using System.Text.RegularExpressions;

namespace OrleansPaas.Cli.Settings;

/// <summary>
/// Resolves <see cref="CliSettings"/>, the environment first (it always wins, as in every CLI of this
/// kind), then what <c>paas login</c> stored, then the node's own settings when run on the node:
/// <list type="bullet">
/// <item>URL: <c>PAAS_URL</c>, else the login's URL, else the node's first <c>Paas__ControlUrls</c>
/// (a wildcard host becomes 127.0.0.1), else <c>http://127.0.0.1:8081</c>.</item>
/// <item>Token: <c>PAAS_TOKEN</c>, else the login's token when the URL in use is the login's (a token
/// is never sent to another platform), else the file the node writes (<c>$Paas__DataDir/admin-token</c>,
/// else <c>./data/admin-token</c>), so that running <c>paas</c> on the node itself needs no setup.</item>
/// </list>
/// </summary>
internal static partial class CliSettingsResolver
{
    public const string DefaultUrl = "http://127.0.0.1:8081";
    public const string TokenFileName = "admin-token";

    public static CliSettings Resolve(IReadOnlyDictionary<string, string> environment, string currentDirectory)
    {
        var login = LoginFile.Read(environment);
        var url = ResolveUrl(environment, login);
        return new(url, ResolveToken(environment, currentDirectory, url, login));
    }

    public static string ResolveUrl(IReadOnlyDictionary<string, string> environment) =>
        ResolveUrl(environment, LoginFile.Read(environment));

    public static string ResolveUrl(IReadOnlyDictionary<string, string> environment, StoredLogin? login)
    {
        if (NonEmpty(environment, "PAAS_URL") is { } fromEnvironment)
        {
            return Checked(fromEnvironment, "PAAS_URL");
        }

        if (login is not null)
        {
            return Checked(login.Url, "the URL 'paas login' stored,");
        }

        return NodeControlUrl(environment) ?? DefaultUrl;
    }

    /// <summary>Turns a URL as typed into the form used everywhere (no trailing slash), or says why it cannot be one.</summary>
    public static string Checked(string url, string source)
    {
        url = url.Trim().TrimEnd('/');
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"{source} '{url}' is not an http:// or https:// URL");
        }

        return url;
    }

    public static bool SameUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    public static string? ResolveToken(IReadOnlyDictionary<string, string> environment, string currentDirectory)
    {
        var login = LoginFile.Read(environment);
        return ResolveToken(environment, currentDirectory, ResolveUrl(environment, login), login);
    }

    public static string? ResolveToken(IReadOnlyDictionary<string, string> environment, string currentDirectory, string url, StoredLogin? login)
    {
        if (NonEmpty(environment, "PAAS_TOKEN") is { } token)
        {
            return token.Trim();
        }

        if (login is not null && SameUrl(login.Url, url))
        {
            return login.Token;
        }

        // The node's own admin token goes only to the node itself: never to a PAAS_URL elsewhere.
        if (!SameUrl(url, NodeControlUrl(environment) ?? DefaultUrl))
        {
            return null;
        }

        var dataDir = NonEmpty(environment, "Paas__DataDir") ?? "data";
        var path = Path.GetFullPath(Path.Combine(currentDirectory, dataDir, TokenFileName));
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            // The node writes the file with a trailing newline when edited by hand; the token never has one.
            var fromFile = File.ReadAllText(path).Trim();
            return fromFile.Length == 0 ? null : fromFile;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file is mode 0600 and owned by the node's user: say what to do instead.
            throw new CliException($"cannot read the admin token from {path}: {e.Message}; run 'paas login' or set PAAS_TOKEN", e);
        }
    }

    /// <summary>
    /// On the node (the installed <c>paas</c> exports the node's settings), the first control URL,
    /// reachable locally: the node listens on all addresses, the CLI talks to loopback.
    /// </summary>
    private static string? NodeControlUrl(IReadOnlyDictionary<string, string> environment)
    {
        if (NonEmpty(environment, "Paas__ControlUrls") is not { } urls)
        {
            return null;
        }

        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return Checked(WildcardHost().Replace(first, "${scheme}://127.0.0.1"), "Paas__ControlUrls");
    }

    [GeneratedRegex(@"^(?<scheme>https?)://(\*|\+|0\.0\.0\.0|\[::\])(?=[:/]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex WildcardHost();

    private static string? NonEmpty(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
