using System.Globalization;

namespace OrleansPaas.Cli.Parsing;

/// <summary>
/// Parses <c>ps:scale</c>'s <c>TYPE=COUNT</c> arguments before any call. Only the shape is checked
/// here; which process types exist and which counts are allowed is the server's decision.
/// </summary>
internal static class ScaleParser
{
    public static Dictionary<string, int> Parse(IEnumerable<string> pairs)
    {
        var formation = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals < 0)
            {
                throw new CliException($"'{pair}' is not TYPE=COUNT, e.g. web=2");
            }

            var type = pair[..equals];
            var count = pair[(equals + 1)..];
            if (type.Length == 0)
            {
                throw new CliException($"'{pair}' has no process type before '='");
            }

            // Signs pass so that the server, not the client, explains why a negative count is wrong.
            if (!int.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                throw new CliException($"'{pair}': the count '{count}' is not a whole number");
            }

            if (!formation.TryAdd(type, number))
            {
                throw new CliException($"process type '{type}' is given twice");
            }
        }

        return formation;
    }
}
