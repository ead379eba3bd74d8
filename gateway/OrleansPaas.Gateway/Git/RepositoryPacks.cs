using System.Text;

namespace OrleansPaas.Gateway.Git;

/// <summary>The two git operations that move a whole repository through the store: pack it, and unpack it into a bare repository.</summary>
public static class RepositoryPacks
{
    /// <summary>
    /// Writes a pack of every object reachable from <paramref name="commit"/>. During a push the
    /// new objects are still in git's quarantine, so it is searched first and the repository's
    /// own objects through the alternates variable.
    /// </summary>
    public static async Task<string?> WriteAsync(string repositoryPath, string? quarantine, string commit, Stream destination, CancellationToken cancellationToken)
    {
        var environment = quarantine is null
            ? null
            : new Dictionary<string, string>
            {
                ["GIT_OBJECT_DIRECTORY"] = quarantine,
                ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = Path.Combine(repositoryPath, "objects"),
            };
        using var revisions = new MemoryStream(Encoding.ASCII.GetBytes(commit + "\n"));
        return await GitPipe.RunAsync(repositoryPath, ["pack-objects", "--stdout", "--revs", "--quiet"], cancellationToken,
            input: revisions, output: destination, environment: environment);
    }

    /// <summary>Stores the pack's objects in the repository (a pack of its own, verified by index-pack) and points the ref at the commit.</summary>
    public static async Task<string?> ImportAsync(string repositoryPath, Stream pack, string refName, string commit, CancellationToken cancellationToken)
    {
        return await GitPipe.RunAsync(repositoryPath, ["index-pack", "--stdin", "--fix-thin"], cancellationToken, input: pack)
               ?? await GitPipe.RunAsync(repositoryPath, ["update-ref", refName, commit], cancellationToken);
    }

    /// <summary>The commit a ref points at, or null when the ref does not exist.</summary>
    public static Task<string?> ResolveAsync(string repositoryPath, string refName, CancellationToken cancellationToken) =>
        GitPipe.ReadLineAsync(repositoryPath, ["rev-parse", "--verify", "--quiet", refName + "^{commit}"], cancellationToken);
}
