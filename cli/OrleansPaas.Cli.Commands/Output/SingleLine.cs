namespace OrleansPaas.Cli.Output;

/// <summary>Collapses text that may span lines (server messages, exception text) into one line.</summary>
internal static class SingleLine
{
    public static string From(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
