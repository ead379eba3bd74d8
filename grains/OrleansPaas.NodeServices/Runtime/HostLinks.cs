namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// Where a host path really leads on this node: every symbolic link along it followed, as the kernel
/// (and so the engine's bind mount) follows them, also links that point at other links. The part of
/// a path that does not exist yet is kept as written: the engine creates it, and no link can be in it.
/// </summary>
public static class HostLinks
{
    /// <summary>The kernel's own limit (ELOOP) on links followed while resolving one path.</summary>
    private const int MaxLinks = 40;

    /// <exception cref="IOException">Too many links (a loop), or a part of the path this node may not look into.</exception>
    public static string Resolve(string path)
    {
        var pending = new Stack<string>(Segments(path).Reverse());
        var resolved = "/";
        var followed = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }

            var candidate = Path.Join(resolved, segment);
            if (new FileInfo(candidate).LinkTarget is { } target)
            {
                if (++followed > MaxLinks)
                {
                    throw new IOException($"more than {MaxLinks} symbolic links lie on the way to {path}");
                }

                foreach (var part in Segments(target).Reverse())
                {
                    pending.Push(part);
                }

                resolved = target.StartsWith('/') ? "/" : resolved;
                continue;
            }

            if (!Exists(candidate))
            {
                // Nothing below a missing directory can be a link: the rest is as written (a link's '..' past
                // it would be read differently by the kernel and by whoever creates the directories).
                if (pending.Contains(".."))
                {
                    throw new IOException($"a symbolic link on the way to {path} goes through {candidate}, which does not exist, and back out of it");
                }

                return Path.Join([candidate, .. pending.Where(s => s is not ("." or ""))]);
            }

            resolved = candidate;
        }

        return resolved;
    }

    private static IEnumerable<string> Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Whether the path is there. A directory this node may not search is not taken for a missing one:
    /// the engine (root) would see what is in it, perhaps a link, which this check could not follow.
    /// </summary>
    private static bool Exists(string path)
    {
        try
        {
            File.GetAttributes(path);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            throw new IOException($"this node may not look into {Path.GetDirectoryName(path)}, so cannot tell where {path} leads");
        }
    }
}
