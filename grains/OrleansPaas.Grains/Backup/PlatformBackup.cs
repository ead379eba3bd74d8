using System.Security.Cryptography;
using Docker.DotNet;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Backup;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Backup;

/// <summary>
/// The platform's archive. A single node: its SQLite database's online-backup snapshot, the Orleans
/// ids that key its rows, the admin token and every app's repository. A cluster: the rows the platform
/// owns in PostgreSQL (grain state, reminders, the repositories' packs) in one snapshot. Either way,
/// on request, the image each app runs on this node.
/// </summary>
public sealed class PlatformBackup(IOptions<PaasOptions> options, DataPaths paths, DockerClientProvider docker) : IPlatformBackup
{
    public async Task<BackupSummary> WriteAsync(Stream destination, bool withImages, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cluster = settings.Cluster.IsClusterMode;
        if (!cluster && !File.Exists(paths.Database))
        {
            throw new BackupProblemException($"There is no database at {paths.Database}: point Paas:DataDir at the node's data folder (the node creates it on its first start).");
        }

        var scratch = Path.Combine(paths.Scratch, "backup-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        Directory.CreateDirectory(scratch, DataPaths.PrivateDirectory);
        try
        {
            // State first: repositories copied after it hold every commit it names.
            var (apps, state) = cluster ? await CopyClusterStateAsync(scratch, cancellationToken) : CopyNodeState(scratch);
            var images = withImages ? await ReleaseImages.OnNodeAsync(docker.Client, settings.NodeName, cancellationToken) : new Dictionary<string, string>();
            var saved = new List<string>();
            await using (var archive = new ArchiveWriter(destination))
            {
                foreach (var (path, entryName) in state)
                {
                    await archive.AddFileAsync(path, entryName, cancellationToken);
                    File.Delete(path);
                }

                await AddIfPresentAsync(archive, paths.AdminTokenFile, BackupLayout.AdminToken, cancellationToken);
                if (!cluster)
                {
                    await AddIfPresentAsync(archive, paths.SiloIds, BackupLayout.SiloIds, cancellationToken);
                    // In a cluster the repositories are rows of the snapshot; this node's copies are caches.
                    await AddRepositoriesAsync(archive, scratch, cancellationToken);
                }

                foreach (var (app, image) in images.Where(i => apps.Contains(i.Key, StringComparer.Ordinal)).OrderBy(i => i.Key, StringComparer.Ordinal))
                {
                    if (await SaveImageAsync(image, Path.Combine(scratch, app + ".tar"), cancellationToken) is { } tarball)
                    {
                        await archive.AddFileAsync(tarball, BackupLayout.Image(AppName.Parse(app)), cancellationToken);
                        File.Delete(tarball);
                        saved.Add(image);
                    }
                }

                var manifest = new BackupManifest(BackupManifest.FormatName, BackupManifest.CurrentVersion,
                    cluster ? BackupManifest.PostgresState : BackupManifest.SqliteState, DateTimeOffset.UtcNow,
                    settings.NodeName, apps, saved, new Dictionary<string, string>(archive.Hashes, StringComparer.Ordinal));
                await archive.AddBytesAsync(BackupLayout.Manifest, manifest.ToJson(), cancellationToken);
            }

            return new BackupSummary(apps, saved);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>A single node: the SQLite database's online-backup copy.</summary>
    private (IReadOnlyList<string> Apps, IReadOnlyList<(string Path, string EntryName)> Files) CopyNodeState(string scratch)
    {
        var database = Path.Combine(scratch, "paas.db");
        SqliteSnapshot.Copy(paths.Database, database);
        return (SqliteSnapshot.AppNames(database), [(database, BackupLayout.Database)]);
    }

    /// <summary>A cluster: the platform's rows in PostgreSQL, one snapshot.</summary>
    private async Task<(IReadOnlyList<string> Apps, IReadOnlyList<(string Path, string EntryName)> Files)> CopyClusterStateAsync(
        string scratch, CancellationToken cancellationToken)
    {
        var cluster = options.Value.Cluster;
        var apps = await PostgresSnapshot.CopyAsync(cluster.PostgresConnectionString!, cluster.ClusterId, scratch, cancellationToken);
        return (apps, PostgresSnapshot.Tables.Select(t => (Path.Combine(scratch, t + ".copy"), BackupLayout.PostgresTable(t))).ToList());
    }

    private async Task AddRepositoriesAsync(ArchiveWriter archive, string scratch, CancellationToken cancellationToken)
    {
        foreach (var app in RepositorySnapshot.List(paths.Repositories))
        {
            var copy = Path.Combine(scratch, app.Value + ".git");
            await RepositorySnapshot.CopyAsync(paths.Repository(app), copy, cancellationToken);
            await archive.AddDirectoryAsync(copy, BackupLayout.Repository(app), cancellationToken);
            Directory.Delete(copy, recursive: true);
        }
    }

    private static async Task AddIfPresentAsync(ArchiveWriter archive, string path, string entryName, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            await archive.AddFileAsync(path, entryName, cancellationToken);
        }
    }

    /// <summary>The image as <c>docker save</c> gives it, or null when it went away meanwhile (the restore then rebuilds it).</summary>
    private async Task<string?> SaveImageAsync(string image, string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var save = await docker.Client.Images.SaveImageAsync(image, cancellationToken);
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await save.CopyToAsync(file, cancellationToken);
            return path;
        }
        catch (DockerApiException)
        {
            File.Delete(path);
            return null;
        }
    }
}
