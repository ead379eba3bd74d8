namespace OrleansPaas.Grains.Build.Buildpacks;

/// <summary>
/// A buildpack as users name it: a git URL with an optional <c>#ref</c> (branch, tag or commit),
/// or a local path (a directory with <c>bin/detect</c>, or a git repository, also with <c>#ref</c>).
/// </summary>
public sealed record BuildpackReference(string Location, string? Ref)
{
    public static BuildpackReference? Parse(string? text, out string? error)
    {
        error = null;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = "empty buildpack URL";
            return null;
        }

        if (value.Any(char.IsWhiteSpace) || value.Any(char.IsControl))
        {
            error = $"buildpack URL '{value}' contains spaces or control characters";
            return null;
        }

        var hash = value.IndexOf('#');
        var location = hash < 0 ? value : value[..hash];
        var reference = hash < 0 ? null : value[(hash + 1)..];
        if (reference is { Length: 0 })
        {
            reference = null;
        }

        // Refs are handed to git as arguments: refuse anything git could read as an option.
        if (location.StartsWith('-') || reference?.StartsWith('-') == true)
        {
            error = $"buildpack URL '{value}' may not start with '-'";
            return null;
        }

        var isLocal = location.StartsWith('/') || location.StartsWith("file://", StringComparison.Ordinal);
        var isRemote = location.StartsWith("https://", StringComparison.Ordinal) || location.StartsWith("http://", StringComparison.Ordinal)
            || location.StartsWith("git://", StringComparison.Ordinal) || location.StartsWith("ssh://", StringComparison.Ordinal)
            || location.Contains('@') && location.Contains(':');
        if (!isLocal && !isRemote)
        {
            error = $"buildpack URL '{value}' is neither a git URL nor an absolute local path";
            return null;
        }

        return new BuildpackReference(location.StartsWith("file://", StringComparison.Ordinal) ? location["file://".Length..] : location, reference);
    }

    public override string ToString() => Ref is null ? Location : $"{Location}#{Ref}";
}
