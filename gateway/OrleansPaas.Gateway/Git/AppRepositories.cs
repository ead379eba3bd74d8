using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Git;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Git;

/// <summary>The bare repositories under <c>&lt;DataDir&gt;/repos</c>, one per app, each with the platform's hook.</summary>
public sealed class AppRepositories(DataPaths paths)
{
    private static readonly SemaphoreSlim CreateGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _pushGates = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _syncGates = new(StringComparer.Ordinal);

    /// <summary>
    /// One push per app at a time: a second concurrent push would deploy its commit and then lose
    /// the ref update to the first, leaving git and the running app out of step.
    /// </summary>
    public SemaphoreSlim PushGate(AppName app) => _pushGates.GetOrAdd(app.Value, _ => new SemaphoreSlim(1, 1));

    /// <summary>
    /// One import from the cluster's store per app at a time. Separate from the push gate, which
    /// is held for a whole build: a clone must not wait for a build to finish.
    /// </summary>
    public SemaphoreSlim SyncGate(AppName app) => _syncGates.GetOrAdd(app.Value, _ => new SemaphoreSlim(1, 1));

    public string PathOf(AppName app) => paths.Repository(app);

    public bool Exists(AppName app) => Directory.Exists(Path.Combine(PathOf(app), "objects"));

    /// <summary>Creates the bare repository if needed and (re)installs the hook, so a platform upgrade updates old repositories too.</summary>
    public async Task<string> EnsureAsync(AppName app, CancellationToken cancellationToken)
    {
        var path = PathOf(app);
        await CreateGate.WaitAsync(cancellationToken);
        try
        {
            if (!Exists(app))
            {
                var error = await GitCommand.RunAsync(["init", "--bare", "--quiet", "--initial-branch=main", path], null, cancellationToken);
                if (error is not null)
                {
                    throw new InvalidOperationException($"git init failed for {app}: {error}");
                }
            }

            var hook = Path.Combine(path, "hooks", "pre-receive");
            Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
            if (!File.Exists(hook) || await File.ReadAllTextAsync(hook, cancellationToken) != PreReceiveHookScript.Text)
            {
                await File.WriteAllTextAsync(hook, PreReceiveHookScript.Text, cancellationToken);
                // Executable by git (run as this node's user); like everything in the data folder, not by others.
                File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return path;
        }
        finally
        {
            CreateGate.Release();
        }
    }
}
