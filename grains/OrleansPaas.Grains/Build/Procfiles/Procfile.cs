using System.Text.RegularExpressions;

namespace OrleansPaas.Grains.Build.Procfiles;

/// <summary>
/// Heroku's Procfile: one <c>type: command</c> per line. Blank lines and <c>#</c> comments are
/// skipped; anything else that is not a valid entry is an error naming the line.
/// </summary>
public static partial class Procfile
{
    public const string FileName = "Procfile";

    public static ProcfileParseResult Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = Entry().Match(line);
            if (!match.Success)
            {
                return ProcfileParseResult.Failure($"Procfile line {i + 1} is not 'type: command': {lines[i].Trim()}");
            }

            var type = match.Groups["type"].Value;
            if (types.ContainsKey(type))
            {
                return ProcfileParseResult.Failure($"Procfile line {i + 1} declares '{type}' a second time");
            }

            types[type] = match.Groups["command"].Value.Trim();
        }

        return ProcfileParseResult.Success(types);
    }

    // Process type names become container and instance names (web.1), so they stay simple.
    [GeneratedRegex(@"^(?<type>[a-z][a-z0-9_-]{0,29})\s*:\s*(?<command>\S.*)$")]
    private static partial Regex Entry();
}

public sealed record ProcfileParseResult(IReadOnlyDictionary<string, string>? Types, string? Error)
{
    public static ProcfileParseResult Success(IReadOnlyDictionary<string, string> types) => new(types, null);
    public static ProcfileParseResult Failure(string error) => new(null, error);
}
