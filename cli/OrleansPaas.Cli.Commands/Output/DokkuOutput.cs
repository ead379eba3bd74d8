namespace OrleansPaas.Cli.Output;

/// <summary>
/// Dokku's output vocabulary, so the CLI reads like the tool its users know:
/// <c>=====&gt;</c> section headers, <c>-----&gt;</c> steps, 7-space indented details.
/// </summary>
internal static class DokkuOutput
{
    public const string Indent = "       ";

    public static void Header(this TextWriter writer, string text) => writer.WriteLine($"=====> {text}");

    public static void Step(this TextWriter writer, string text) => writer.WriteLine($"-----> {text}");

    public static void Note(this TextWriter writer, string text) => writer.WriteLine(Indent + text);

    /// <summary>
    /// Writes <c>Key:  value</c> lines with the values aligned. Lines of a multi-line value continue
    /// under the value column so a certificate or a JSON blob stays readable.
    /// </summary>
    public static void KeyValues(this TextWriter writer, IReadOnlyList<(string Key, string Value)> pairs, string indent = Indent)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        var width = pairs.Max(p => p.Key.Length) + 1;
        var continuation = indent + new string(' ', width + 2);
        foreach (var (key, value) in pairs)
        {
            var lines = value.ReplaceLineEndings("\n").Split('\n');
            writer.WriteLine($"{indent}{(key + ":").PadRight(width)}  {lines[0]}".TrimEnd());
            foreach (var line in lines.Skip(1))
            {
                writer.WriteLine((continuation + line).TrimEnd());
            }
        }
    }
}
