using OrleansPaas.Apps;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Image references of an app: one per build, then one per release.</summary>
public static class ImageNames
{
    public static string Repository(AppName app) => $"paas/{app.Value}";
    public static string Build(AppName app, int buildId) => $"{Repository(app)}:build-{buildId}";
    public static string Release(AppName app, int version) => $"{Repository(app)}:v{version}";

    /// <summary>A release tag (<c>paas/app:vN</c>), not a build tag or another image.</summary>
    public static bool IsRelease(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return reference.StartsWith("paas/", StringComparison.Ordinal) && colon > 5
            && reference.Length > colon + 2 && reference[colon + 1] == 'v' && reference[(colon + 2)..].All(char.IsAsciiDigit);
    }
}
