using System.Text.Json;

namespace OrleansPaas.Cli.Settings;

/// <summary>
/// The file <c>paas login</c> writes: <c>$XDG_CONFIG_HOME/orleanspaas/login.json</c>, else
/// <c>~/.config/orleanspaas/login.json</c>. It holds a token, so it is created mode 0600 in a 0700
/// folder, and replaced whole (written aside, then renamed) so a reader never sees half of it.
/// </summary>
internal static class LoginFile
{
    public const string FolderName = "orleanspaas";
    public const string FileName = "login.json";

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Where the file is for this environment, or null when neither XDG_CONFIG_HOME nor HOME says.</summary>
    public static string? PathFor(IReadOnlyDictionary<string, string> environment)
    {
        // The XDG rule: a relative XDG_CONFIG_HOME is invalid and ignored.
        if (Value(environment, "XDG_CONFIG_HOME") is { } config && Path.IsPathRooted(config))
        {
            return Path.Combine(config, FolderName, FileName);
        }

        return Value(environment, "HOME") is { } home && Path.IsPathRooted(home)
            ? Path.Combine(home, ".config", FolderName, FileName)
            : null;
    }

    /// <summary>The stored login, or null when there is none.</summary>
    public static StoredLogin? Read(IReadOnlyDictionary<string, string> environment)
    {
        if (PathFor(environment) is not { } path || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var login = JsonSerializer.Deserialize(File.ReadAllText(path), CliJsonContext.Default.StoredLogin);
            return login is { Url.Length: > 0, Token.Length: > 0 }
                ? login
                : throw new CliException($"{path} holds no URL and token; run 'paas login' again");
        }
        catch (JsonException e)
        {
            throw new CliException($"{path} is not a login file paas can read ({e.Message}); run 'paas login' again", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>Replaces the stored login and returns the file's path.</summary>
    public static string Write(IReadOnlyDictionary<string, string> environment, StoredLogin login)
    {
        var path = PathFor(environment) ?? throw new CliException("cannot tell where to keep the login: neither HOME nor XDG_CONFIG_HOME is set");
        var folder = Path.GetDirectoryName(path)!;
        var aside = path + ".new";
        try
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
            File.Delete(aside);
            // Created 0600 from the start: the token is never readable by others, not even for a moment.
            using (var file = new FileStream(aside, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnlyFile,
            }))
            {
                JsonSerializer.Serialize(file, login, CliJsonContext.Default.StoredLogin);
            }

            File.Move(aside, path, overwrite: true);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {path}: {e.Message}", e);
        }
    }

    /// <summary>Removes the stored login; returns its path if there was one.</summary>
    public static string? Delete(IReadOnlyDictionary<string, string> environment)
    {
        if (PathFor(environment) is not { } path || !File.Exists(path))
        {
            return null;
        }

        try
        {
            File.Delete(path);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot remove {path}: {e.Message}", e);
        }
    }

    private static string? Value(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
