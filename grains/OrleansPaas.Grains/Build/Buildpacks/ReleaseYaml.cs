namespace OrleansPaas.Grains.Build.Buildpacks;

/// <summary>
/// Reads the <c>default_process_types</c> map from a buildpack's <c>bin/release</c> output.
/// That output is a tiny, fixed YAML shape (a map of maps of strings), so it is read by hand
/// rather than pulling in a YAML library for one key.
/// </summary>
public static class ReleaseYaml
{
    public static IReadOnlyDictionary<string, string> DefaultProcessTypes(string yaml)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var inSection = false;
        foreach (var raw in yaml.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.Trim().Length == 0 || raw.TrimStart().StartsWith('#') || raw.Trim() == "---")
            {
                continue;
            }

            var indented = char.IsWhiteSpace(raw[0]);
            if (!indented)
            {
                var key = raw.Split(':', 2)[0].Trim();
                inSection = key == "default_process_types" && raw.Split(':', 2)[1].Trim() is "" or "{}";
                continue;
            }

            if (!inSection)
            {
                continue;
            }

            var parts = raw.Trim().Split(':', 2);
            if (parts.Length == 2 && parts[0].Trim().Length > 0)
            {
                result[Unquote(parts[0].Trim())] = Unquote(parts[1].Trim());
            }
        }

        return result;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'')
            ? value[1..^1].Replace("\\\"", "\"")
            : value;
}
