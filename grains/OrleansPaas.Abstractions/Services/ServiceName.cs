using System.Text.RegularExpressions;

namespace OrleansPaas.Services;

/// <summary>
/// The one check of a service's name, made before anything is touched: it becomes part of a
/// container, network and volume name and the host name in the URL apps get, so it is a single
/// DNS label of lower-case letters, digits and '-' (no dots, unlike an app name).
/// </summary>
public static partial class ServiceName
{
    public const int MaxLength = 40;

    /// <summary>Null when valid, else one sentence saying why not.</summary>
    public static string? Problem(string? name) =>
        string.IsNullOrEmpty(name) ? "the service name is empty"
        : name.Length > MaxLength ? $"the service name '{name}' is longer than {MaxLength} characters"
        : !Pattern().IsMatch(name) ? $"the service name '{name}' must be lower-case letters, digits and '-', starting with a letter and not ending with '-'"
        : null;

    [GeneratedRegex("^[a-z]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex Pattern();
}
