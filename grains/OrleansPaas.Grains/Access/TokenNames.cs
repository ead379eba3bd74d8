using System.Text.RegularExpressions;
using OrleansPaas.Access;

namespace OrleansPaas.Grains.Access;

/// <summary>What a token's name may be: it shows in the audit trail and in <c>tokens:list</c>, so it stays short and plain.</summary>
public static partial class TokenNames
{
    public static string? Problem(string name)
    {
        if (!Shape().IsMatch(name))
        {
            return $"'{name}' is not a token name: use 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
        }

        return name == PaasPrincipal.AdminName
            ? "'admin' is the name of the bootstrap admin token; choose another name"
            : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex Shape();
}
