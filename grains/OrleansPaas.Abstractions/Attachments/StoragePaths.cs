using System.Text.RegularExpressions;

namespace OrleansPaas.Attachments;

/// <summary>
/// The checks on what <c>storage:create</c> and <c>storage:mount</c> are given: one place, called
/// before anything is stored or created. Each answers null when the value is fine, else one sentence.
/// </summary>
public static partial class StoragePaths
{
    /// <summary>
    /// Host directories no app may have: the system's own (mounting one would hand a container the
    /// node), the engine's, and the platform's data folder (added per node). Their parents are refused
    /// too (<c>/var</c> holds <c>/var/lib/docker</c>), and so is anything under them.
    /// </summary>
    public static IReadOnlyList<string> SystemPaths { get; } =
        ["/etc", "/usr", "/bin", "/sbin", "/lib", "/boot", "/proc", "/sys", "/dev", "/var/lib/docker", "/run", "/root"];

    /// <summary>Container paths a mount may not hide or sit in: the root and the kernel's own trees.</summary>
    private static readonly string[] ReservedInContainer = ["/proc", "/sys", "/dev"];

    public static string? VolumeNameRefusal(string name) => VolumeName().IsMatch(name)
        ? null
        : $"'{name}' is not a volume name: use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters";

    public static string? ContainerPathRefusal(string path)
    {
        if (PathShapeRefusal(path, "container path") is { } shape)
        {
            return shape;
        }

        var normal = Normalize(path);
        if (normal == "/" || ReservedInContainer.Any(r => normal == r || normal.StartsWith(r + "/", StringComparison.Ordinal)))
        {
            return $"container path '{path}' would hide the container's own {(normal == "/" ? "root" : normal)}; mount at a directory of the app's, e.g. /data";
        }

        return null;
    }

    /// <summary>
    /// The check of the path as written, which needs nothing of the node (the API makes it before asking
    /// the node): its shape, and that it is not a system directory, the data folder, in one or above one.
    /// The data folder's <c>storage</c> directory is the exception, kept for apps' host directories.
    /// </summary>
    /// <param name="dataDir">The platform's data folder on this node.</param>
    public static string? HostPathRefusal(string path, string dataDir)
    {
        if (PathShapeRefusal(path, "host path") is { } shape)
        {
            return shape;
        }

        var data = Normalize(Path.GetFullPath(dataDir));
        return PlaceRefusal(Normalize(path), SystemPaths, [data]) is { } place ? $"host path '{path}' {place}; {MountElsewhere}" : null;
    }

    /// <summary>
    /// The whole check, made on the node that mounts the directory: the path as written, then where it
    /// really leads once <paramref name="resolve"/> has followed its symbolic links (<c>/var/run</c> is a
    /// link to <c>/run</c>, which holds the engine's socket) against the system directories and the data
    /// folder, both as written and resolved, and last that it lies under one of <paramref name="roots"/>.
    /// </summary>
    public static string? HostPathRefusal(string path, string dataDir, IReadOnlyList<string> roots, Func<string, string> resolve)
    {
        if (HostPathRefusal(path, dataDir) is { } written)
        {
            return written;
        }

        var normal = Normalize(path);
        var resolved = Normalize(resolve(normal));
        var leads = resolved == normal ? "" : $" leads to {resolved}, which";
        var data = Normalize(Path.GetFullPath(dataDir));
        var systems = SystemPaths.Concat(SystemPaths.Select(p => Normalize(resolve(p)))).Distinct().ToList();
        if (PlaceRefusal(resolved, systems, [data, Normalize(resolve(data))]) is { } place)
        {
            return $"host path '{path}'{leads} {place}; {MountElsewhere}";
        }

        var allowed = roots.Select(r => Normalize(Path.GetFullPath(r))).ToList();
        return allowed.Select(r => Normalize(resolve(r))).Concat(allowed).Any(r => resolved == r || Within(resolved, r))
            ? null
            : $"host path '{path}'{(leads.Length == 0 ? " is" : leads + " is")} outside the directories apps may mount ({string.Join(", ", allowed)}); "
                + "use one under them, or add its parent to Paas:Storage:HostRoots";
    }

    private const string MountElsewhere = "mount a directory of its own, e.g. /srv/blog";

    /// <summary>Why a host directory is no app's to have (what follows "host path 'x'"), or null.</summary>
    private static string? PlaceRefusal(string normal, IReadOnlyList<string> systems, IReadOnlyList<string> dataFolders)
    {
        if (normal == "/")
        {
            return "is the node's whole filesystem";
        }

        if (IsLib(normal))
        {
            return "is a system directory of the node";
        }

        foreach (var system in systems)
        {
            if (normal == system || Within(normal, system))
            {
                return $"is in the system directory {system}";
            }

            if (Within(system, normal))
            {
                return $"holds the system directory {system}";
            }
        }

        foreach (var data in dataFolders.Distinct())
        {
            var kept = data + "/" + DataFolderRoot;
            if ((normal == data || Within(normal, data)) && normal != kept && !Within(normal, kept))
            {
                return "is in the platform's data folder";
            }

            if (Within(data, normal))
            {
                return "holds the platform's data folder";
            }
        }

        return null;
    }

    /// <summary>The data folder's directory for apps' host directories (one of the default roots; the rest of the data folder is refused).</summary>
    public const string DataFolderRoot = "storage";

    /// <summary>The path without a trailing slash (the checks compare whole segments).</summary>
    public static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/" : path;

    private static string? PathShapeRefusal(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
        {
            return $"{what} '{path}' is not absolute; give it from the root, e.g. /data";
        }

        if (path.Split('/').Any(segment => segment is ".." or "."))
        {
            return $"{what} '{path}' contains '.' or '..'; give it without them";
        }

        if (path.Any(c => c is ':' or ',' || char.IsControl(c)) || path.Contains("//", StringComparison.Ordinal))
        {
            return $"{what} '{path}' contains ':', ',', '//' or a control character, which a mount cannot carry";
        }

        return null;
    }

    private static bool Within(string path, string folder) => path.StartsWith(folder == "/" ? "/" : folder + "/", StringComparison.Ordinal);

    /// <summary>/lib, /lib32, /lib64, /libx32 and what is under them.</summary>
    private static bool IsLib(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var top, ..] && top is "lib" or "lib32" or "lib64" or "libx32";

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,63}$")]
    private static partial Regex VolumeName();
}
