using System.Globalization;

namespace OrleansPaas.Cli.Parsing;

/// <summary>
/// Parses a release version as <c>paas releases</c> prints it (<c>v3</c>) or bare (<c>3</c>), before
/// any call. Whether that release exists, or still has its image, is the server's decision.
/// </summary>
internal static class ReleaseVersionParser
{
    public static int Parse(string text)
    {
        var digits = text.StartsWith('v') || text.StartsWith('V') ? text[1..] : text;

        // NumberStyles.None: no sign, no spaces, no thousands separators; "v-1" and "+3" are refused here.
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw new CliException($"'{text}' is not a release version; give vN or N with N >= 1, e.g. v3 (see 'paas releases')");
        }

        return version;
    }
}
