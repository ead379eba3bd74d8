namespace OrleansPaas.Cli.Settings;

/// <summary>
/// Resolves <see cref="CliSettings"/> from the environment: <c>PAAS_URL</c>, then the token from
/// <c>PAAS_TOKEN</c>, else the file the node writes (<c>$Paas__DataDir/admin-token</c>, else
/// <c>./data/admin-token</c>), so that running <c>paas</c> on the node itself needs no setup.
/// </summary>
internal static class CliSettingsResolver
{
    public const string DefaultUrl = "http://127.0.0.1:8081";
    public const string TokenFileName = "admin-token";

    public static CliSettings Resolve(IReadOnlyDictionary<string, string> environment, string currentDirectory) =>
        new(ResolveUrl(environment), ResolveToken(environment, currentDirectory));

    public static string ResolveUrl(IReadOnlyDictionary<string, string> environment)
    {
        var url = NonEmpty(environment, "PAAS_URL")?.TrimEnd('/') ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"PAAS_URL '{url}' is not an http:// or https:// URL");
        }

        return url;
    }

    public static string? ResolveToken(IReadOnlyDictionary<string, string> environment, string currentDirectory)
    {
        if (NonEmpty(environment, "PAAS_TOKEN") is { } token)
        {
            return token.Trim();
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
            throw new CliException($"cannot read the admin token from {path}: {e.Message}; set PAAS_TOKEN instead", e);
        }
    }

    private static string? NonEmpty(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
