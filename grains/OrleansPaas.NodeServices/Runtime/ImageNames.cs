using OrleansPaas.Apps;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Image references of an app: one per build, then one per release.</summary>
public static class ImageNames
{
    private const string Prefix = "paas/";

    public static string Repository(AppName app) => $"{Prefix}{app.Value}";

    /// <summary>Every app's repository, as the engine's <c>reference</c> filter reads a pattern.</summary>
    public const string AnyRepository = Prefix + "*";
    public static string Build(AppName app, int buildId) => $"{Repository(app)}:build-{buildId}";
    public static string Release(AppName app, int version) => $"{Repository(app)}:v{version}";

    /// <summary>A release tag (<c>paas/app:vN</c>), not a build tag or another image.</summary>
    public static bool IsRelease(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return reference.StartsWith(Prefix, StringComparison.Ordinal) && colon > 5
            && reference.Length > colon + 2 && reference[colon + 1] == 'v' && reference[(colon + 2)..].All(char.IsAsciiDigit);
    }
}
