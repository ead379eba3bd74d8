namespace OrleansPaas.Cli.Output;

/// <summary>The apps a token or key is limited to, as the CLI prints them.</summary>
internal static class AppScope
{
    public static string Text(IReadOnlyList<string>? apps) => apps is null || apps.Count == 0 ? "every app" : string.Join(",", apps);
}
