using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Backup;
using OrleansPaas.NodeServices.Git;

namespace OrleansPaas.Grains.Backup;

/// <summary>
/// An app's bare repository as git itself copies it: a mirror clone over git's own transport
/// (never hard links) reads every ref once and packs what they reach, so a push landing meanwhile
/// is either wholly in the copy or not at all, and no half-written pack or lock file comes along.
/// </summary>
public static class RepositorySnapshot
{
    /// <summary>The apps whose repository is in <paramref name="repositories"/> (folders named <c>app.git</c>).</summary>
    public static IReadOnlyList<AppName> List(string repositories)
    {
        if (!Directory.Exists(repositories))
        {
            return [];
        }

        return Directory.EnumerateDirectories(repositories, "*.git")
            .Select(path => Path.GetFileName(path)[..^4])
            .Where(name => AppName.TryParse(name, out _, out _) && Directory.Exists(Path.Combine(repositories, name + ".git", "objects")))
            .Order(StringComparer.Ordinal)
            .Select(AppName.Parse)
            .ToList();
    }

    public static async Task CopyAsync(string repository, string destination, CancellationToken cancellationToken)
    {
        // No template: git's sample hooks would be most of an archive of small repositories; the restore installs the platform's hook.
        var problem = await GitCommand.RunAsync(["clone", "--mirror", "--no-local", "--quiet", "--template=", repository, destination], null, cancellationToken)
            ?? await GitCommand.RunAsync(["-C", destination, "config", "--remove-section", "remote.origin"], null, cancellationToken);
        if (problem is not null)
        {
            throw new BackupProblemException($"git could not copy the repository {repository} ({problem}): nothing was written for it.");
        }
    }
}
