namespace OrleansPaas.Apps;

/// <summary>Extra host names an app answers for: host-name syntax (the app-name rules) with at least one dot.</summary>
public static class DomainName
{
    public static string? Validate(string? candidate)
    {
        var normalized = candidate?.Trim().TrimEnd('.').ToLowerInvariant();
        if (!AppName.TryParse(normalized, out _, out var error))
        {
            return error.Replace("app name", "domain", StringComparison.Ordinal);
        }

        return normalized!.Contains('.') ? null : $"domain '{normalized}' needs at least one dot (e.g. www.example.com)";
    }

    public static string Normalize(string candidate) => candidate.Trim().TrimEnd('.').ToLowerInvariant();
}
