using OrleansPaas.Configuration;

namespace OrleansPaas.Silo.Hosting;

/// <summary>A configured admin token must be long enough not to be guessed (a generated one has 64 hex digits).</summary>
public static class TokenPreflight
{
    public const int MinimumLength = 32;

    /// <summary>One sentence saying what to fix, or null.</summary>
    public static string? Check(PaasOptions options) =>
        options.AdminToken is { Length: > 0 and < MinimumLength }
            ? $"Paas:AdminToken is shorter than {MinimumLength} characters: set a longer secret (e.g. openssl rand -hex 32) or remove it to use the generated one."
            : null;
}
