namespace OrleansPaas.Cli.Parsing;

/// <summary>
/// Parses <c>config:set</c>'s <c>KEY=VALUE</c> arguments. The split is at the first '=', so a
/// value keeps any '=', spaces, quotes or new lines the shell passed through. Key syntax is the
/// server's to judge (one rule, one place); here only a missing '=' or an empty key is refused.
/// </summary>
internal static class ConfigAssignmentParser
{
    public static Dictionary<string, string> Parse(IEnumerable<string> assignments)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=');
            if (equals < 0)
            {
                throw new CliException($"'{assignment}' is not KEY=VALUE");
            }

            if (equals == 0)
            {
                throw new CliException($"'{assignment}' has no key before '='");
            }

            // The last assignment of a key wins, as in a shell's `export`.
            vars[assignment[..equals]] = assignment[(equals + 1)..];
        }

        return vars;
    }
}
