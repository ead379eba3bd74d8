namespace OrleansPaas.Apps;

/// <summary>Config var names must be valid environment variable names, so every shell and runtime can read them.</summary>
public static class EnvironmentKey
{
    public static string? Validate(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "config key is empty";
        }

        if (!(char.IsAsciiLetter(key[0]) || key[0] == '_') || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return $"config key '{new string(key.Select(c => char.IsControl(c) ? '?' : c).ToArray())}' is not a valid environment name; use letters, digits and '_', not starting with a digit";
        }

        return null;
    }
}
