using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Backup;
using OrleansPaas.NodeServices.Backup;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Silo.Verbs;

/// <summary>
/// <c>orleanspaas backup FILE</c>: the node's archive, written beside FILE and renamed when whole (a
/// failed backup never leaves a FILE that looks complete), owner-only from its first byte. Safe while
/// the node runs: the database is copied with SQLite's online backup and repositories by git.
/// </summary>
public static class BackupVerb
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task<int> RunAsync(NodeVerb verb, PaasOptions options, CancellationToken cancellationToken)
    {
        using var docker = new DockerClientProvider(Options.Create(options));
        var backup = new PlatformBackup(Options.Create(options), new DataPaths(options), docker);
        if (verb.File == "-")
        {
            if (!Console.IsOutputRedirected)
            {
                throw new BackupProblemException("The archive is binary: send it to a file or a pipe (`orleanspaas backup - | age -r KEY > backup.tar.gz.age`).");
            }

            await using var stdout = Console.OpenStandardOutput();
            var streamed = await backup.WriteAsync(stdout, verb.WithImages, cancellationToken);
            Console.Error.WriteLine(Sentence(streamed, "standard output"));
            return 0;
        }

        var target = Path.GetFullPath(verb.File);
        var partial = target + ".partial";
        try
        {
            BackupSummary summary;
            await using (var file = new FileStream(partial, new FileStreamOptions
                         {
                             Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly, Options = FileOptions.Asynchronous,
                         }))
            {
                // A partial file left by an earlier attempt kept its own mode on FileMode.Create.
                File.SetUnixFileMode(partial, OwnerOnly);
                summary = await backup.WriteAsync(file, verb.WithImages, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, target, overwrite: true);
            Console.WriteLine(Sentence(summary, $"{target} ({new FileInfo(target).Length / 1024} KiB, readable by its owner only: it holds the platform's secrets)"));
            return 0;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private static string Sentence(BackupSummary summary, string where) =>
        $"Backed up {summary.Apps.Count} app(s) and {summary.Images.Count} image(s) to {where}.";
}
