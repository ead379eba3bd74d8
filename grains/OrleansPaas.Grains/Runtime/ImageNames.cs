using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Runtime;

/// <summary>Image references of an app: one per build, then one per release.</summary>
public static class ImageNames
{
    public static string Repository(AppName app) => $"paas/{app.Value}";
    public static string Build(AppName app, int buildId) => $"{Repository(app)}:build-{buildId}";
    public static string Release(AppName app, int version) => $"{Repository(app)}:v{version}";
}
