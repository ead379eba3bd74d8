using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Logs;

/// <summary>
/// This node's kept app output, one <see cref="AppOutputFile"/> per app under
/// <c>&lt;DataDir&gt;/logs/&lt;app&gt;/</c>: written by <see cref="OutputKeeper"/> for the node's
/// own instances, read by <c>logs</c> (through the node grain) long after an instance is gone.
/// </summary>
public sealed class KeptOutput(IOptions<PaasOptions> options, DataPaths paths)
{
    private readonly ConcurrentDictionary<string, AppOutputFile> _byApp = new(StringComparer.Ordinal);

    private long KeepBytes => (long)options.Value.Logs.KeepMiB * 1024 * 1024;

    public AppOutputFile For(AppName app) => _byApp.GetOrAdd(app.Value, _ => new AppOutputFile(paths.AppLogs(app), KeepBytes));

    /// <summary>Forgets a destroyed app's output: its followers end and its folder is deleted.</summary>
    public void Remove(AppName app)
    {
        if (_byApp.TryRemove(app.Value, out var file))
        {
            file.Close();
        }

        // The whole folder: it also holds the build-N.log files that earlier versions wrote on
        // whichever node an app grain ran (build logs are in memory and the cluster's storage now).
        // The app may never have run here: nothing to delete then.
        var directory = paths.AppLogs(app);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Apps that have kept output on this node (from its files, so also after a restart).</summary>
    public IReadOnlyList<string> Apps() =>
        Directory.Exists(paths.Logs)
            ? Directory.EnumerateDirectories(paths.Logs)
                .Where(dir => File.Exists(Path.Combine(dir, AppOutputFile.CurrentName)) || File.Exists(Path.Combine(dir, AppOutputFile.PreviousName)))
                .Select(dir => Path.GetFileName(dir)!)
                .ToList()
            : [];

    public void CloseAll()
    {
        foreach (var file in _byApp.Values)
        {
            file.Close();
        }
    }
}
