using OrleansPaas.Configuration;
using OrleansPaas.Gateway.Git;
using OrleansPaas.Grains.Backup;
using OrleansPaas.NodeServices.Backup;
using OrleansPaas.Silo.Hosting;

namespace OrleansPaas.Silo.Verbs;

/// <summary>
/// <c>orleanspaas restore FILE</c>, on a stopped node: the archive's platform replaces the node's
/// (empty) state, and the node's next start brings every app back.
/// </summary>
public static class RestoreVerb
{
    public static async Task<int> RunAsync(NodeVerb verb, PaasOptions options, CancellationToken cancellationToken)
    {
        // The restore replaces the database under the silo: never while one runs on it.
        if (PortsInUse.Find(options).Count > 0)
        {
            throw new BackupProblemException("This node is running (its ports are in use): stop it first (`systemctl stop orleanspaas`), restore, then start it; nothing was changed.");
        }

        var paths = new DataPaths(options);
        var outcome = await new PlatformRestore(options, paths).RunAsync(Path.GetFullPath(verb.File), verb.Force, cancellationToken);
        // The archive's repositories carry no hook of this node's version: install it as a push would.
        var repositories = new AppRepositories(paths);
        foreach (var app in RepositorySnapshot.List(paths.Repositories))
        {
            await repositories.EnsureAsync(app, cancellationToken);
        }

        Console.WriteLine($"Restored {outcome.Apps.Count} app(s) from {verb.File}: {string.Join(", ", outcome.Apps)}.");
        if (outcome.LoadedImages.Count > 0)
        {
            Console.WriteLine($"Loaded the release images of {outcome.LoadedImages.Count} app(s); the others are rebuilt from their commits.");
        }

        foreach (var problem in outcome.ImageProblems)
        {
            Console.WriteLine($"Could not load an image ({problem}): that app is rebuilt from its commit.");
        }

        Console.WriteLine("Start the node (`systemctl start orleanspaas`, or as you ran it before): it starts every app's current release.");
        return 0;
    }
}
