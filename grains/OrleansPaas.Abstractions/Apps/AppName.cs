using System.Diagnostics.CodeAnalysis;

namespace OrleansPaas.Apps;

/// <summary>
/// A validated app name. This parser is the platform's security boundary for names: every
/// entry point (git, API, CLI) parses through <see cref="TryParse"/> before any file,
/// container or grain is touched, so a name that reaches the rest of the code is safe to
/// use in paths, image tags, container names and host names.
/// </summary>
public readonly record struct AppName
{
    public const int MaxLength = 253;
    public const int MaxLabelLength = 63;

    public string Value { get; }

    private AppName(string value) => Value = value;

    /// <summary>True when the name is a full domain (contains a dot) rather than a sub-domain of the platform domain.</summary>
    public bool IsFullDomain => Value.Contains('.');

    /// <summary>The virtual host the app is served at, per the naming table in DESIGN.md §1.</summary>
    public string VirtualHost(string platformDomain) =>
        IsFullDomain ? Value : $"{Value}.{platformDomain.Trim().TrimEnd('.').ToLowerInvariant()}";

    /// <summary>The app a repository path (<c>blog.git</c> or <c>blog</c>) names, parsed like any app name.</summary>
    public static bool TryParseRepository(string? repository, out AppName name, [NotNullWhen(false)] out string? error) =>
        TryParse(RepositoryStem(repository), out name, out error);

    /// <summary>A repository path without its <c>.git</c> ending: the app name it claims, not yet parsed.</summary>
    public static string? RepositoryStem(string? repository) =>
        repository is not null && repository.EndsWith(".git", StringComparison.Ordinal) ? repository[..^4] : repository;

    public static AppName Parse(string? candidate) =>
        TryParse(candidate, out var name, out var error) ? name : throw new ArgumentException(error, nameof(candidate));

    public static bool TryParse(string? candidate, out AppName name, [NotNullWhen(false)] out string? error)
    {
        name = default;
        error = Validate(candidate);
        if (error is not null)
        {
            return false;
        }

        name = new AppName(candidate!);
        return true;
    }

    private static string? Validate(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return "app name is empty";
        }

        if (candidate.Length > MaxLength)
        {
            return $"app name is {candidate.Length} characters long; at most {MaxLength} are allowed";
        }

        foreach (var c in candidate)
        {
            if (!IsAllowed(c))
            {
                return $"app name '{Printable(candidate)}' contains '{Printable(c.ToString())}'; use lower-case letters, digits, '-' and '.'";
            }
        }

        foreach (var label in candidate.Split('.'))
        {
            if (label.Length == 0)
            {
                return $"app name '{candidate}' has an empty label (leading, trailing or doubled '.')";
            }

            if (label.Length > MaxLabelLength)
            {
                return $"app name '{candidate}' has a label of {label.Length} characters; at most {MaxLabelLength} are allowed";
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return $"app name '{candidate}' has a label that starts or ends with '-'";
            }
        }

        // Orleans' ADO.NET storage reads an all-hex string key as a number, so "0cafe" would share
        // "cafe"'s stored state. Such names are refused rather than silently aliased.
        if (candidate.Length > 1 && candidate[0] == '0' && candidate.All(char.IsAsciiHexDigitLower))
        {
            return $"app name '{candidate}' is a hexadecimal number with a leading zero; drop the leading zero or add a letter beyond 'f'";
        }

        return null;
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.';

    // Echo bad input back without control characters so the error line stays one line.
    private static string Printable(string s) =>
        new(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    public override string ToString() => Value;
}
