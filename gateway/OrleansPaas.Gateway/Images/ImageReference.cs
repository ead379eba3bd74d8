using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OrleansPaas.Gateway.Images;

/// <summary>
/// An image reference read with the engine's own grammar (distribution's <c>reference</c>):
/// an optional registry host, path components of lower-case letters and digits joined by
/// <c>.</c>, <c>_</c>, <c>__</c> or dashes, separated by <c>/</c>, and an optional tag. So
/// <c>..</c>, empty components, <c>%</c> or any other character that could change which image
/// the engine's API names never get through. Digests are not taken: the platform tags its images.
/// </summary>
public sealed partial record ImageReference(string Repository, string? Tag)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference)
    {
        reference = null;
        if (string.IsNullOrEmpty(text) || text.Length > 512)
        {
            return false;
        }

        var match = Grammar().Match(text);
        if (!match.Success)
        {
            return false;
        }

        reference = new ImageReference(match.Groups["name"].Value, match.Groups["tag"].Success ? match.Groups["tag"].Value : null);
        return true;
    }

    /// <summary>The repository's path components (a registry host, when named, is the first).</summary>
    public IReadOnlyList<string> Components => Repository.Split('/');

    public override string ToString() => Tag is null ? Repository : $"{Repository}:{Tag}";

    private const string DomainComponent = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
    private const string Domain = DomainComponent + @"(?:\." + DomainComponent + ")*(?::[0-9]+)?";
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private const string TagPattern = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";

    [GeneratedRegex(@"\A(?<name>(?:" + Domain + "/)?" + PathComponent + "(?:/" + PathComponent + @")*)(?::(?<tag>" + TagPattern + @"))?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
