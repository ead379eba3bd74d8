using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Backup;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Backup;

/// <summary>
/// Puts an archive's platform into a stopped node's data folder (a cluster's: into its database):
/// refused whole (nothing changed) when the archive is damaged or foreign, or when the platform
/// already has apps and the restore is not forced.
/// The node's next start brings every app back: the reconciliation that follows every start starts
/// each app's current release, from its archived image when one was loaded, else by rebuilding the
/// release's commit from the restored repository.
/// </summary>
public sealed class PlatformRestore(PaasOptions options, DataPaths paths)
{
    public async Task<RestoreOutcome> RunAsync(string archivePath, bool force, CancellationToken cancellationToken)
    {
        if (!File.Exists(archivePath))
        {
            throw new BackupProblemException($"There is no file {archivePath}: name the archive `orleanspaas backup` wrote.");
        }

        var existing = await ExistingAppsAsync(cancellationToken);
        if (existing.Count > 0 && !force)
        {
            throw new BackupProblemException(
                $"This {(Cluster ? "cluster" : "node")} already has {existing.Count} app(s) ({string.Join(", ", existing.Take(5))}{(existing.Count > 5 ? ", …" : "")}): restore onto a freshly installed {(Cluster ? "cluster" : "node")}, or add --force to replace them with the archive's; nothing was changed.");
        }

        var staging = Path.Combine(paths.Scratch, "restore-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        Directory.CreateDirectory(staging, DataPaths.PrivateDirectory);
        try
        {
            var manifest = await ArchiveReader.ExtractAsync(archivePath, staging, cancellationToken);
            var name = Path.GetFileName(archivePath);
            if (manifest.State != (Cluster ? BackupManifest.PostgresState : BackupManifest.SqliteState))
            {
                throw new BackupProblemException(Cluster
                    ? $"{name} is a single node's backup: restore it on a node without Paas:Cluster:PostgresConnectionString; nothing was changed."
                    : $"{name} is a cluster's backup: restore it on a node with Paas:Cluster:PostgresConnectionString set; nothing was changed.");
            }

            if (!Cluster && SqliteSnapshot.IntegrityProblem(Path.Combine(staging, BackupLayout.Database)) is { } problem)
            {
                throw new BackupProblemException($"{name} holds a damaged database ({problem}): nothing was changed.");
            }

            // Everything above only wrote the staging folder; from here the archive replaces the platform's state.
            if (Cluster)
            {
                var cluster = options.Cluster;
                // One transaction: a failure leaves the database as it was.
                await PostgresSnapshot.RestoreAsync(cluster.PostgresConnectionString!, cluster.ClusterId,
                    Path.Combine(staging, BackupLayout.PostgresFolder), force, cancellationToken);
                paths.EnsureCreated();
                MoveIfPresent(Path.Combine(staging, BackupLayout.AdminToken), paths.AdminTokenFile);
            }
            else
            {
                ReplaceState(staging);
                ReplaceRepositories(staging);
            }

            var (loaded, problems) = await LoadImagesAsync(Path.Combine(staging, BackupLayout.ImagesFolder), cancellationToken);
            return new RestoreOutcome(manifest.Apps, loaded, problems);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private bool Cluster => options.Cluster.IsClusterMode;

    /// <summary>The apps the platform has: in its database (a cluster's, or this node's), or as this node's repositories.</summary>
    public async Task<IReadOnlyList<string>> ExistingAppsAsync(CancellationToken cancellationToken)
    {
        if (Cluster)
        {
            return await PostgresSnapshot.AppNamesAsync(options.Cluster.PostgresConnectionString!, options.Cluster.ClusterId, cancellationToken);
        }

        var apps = RepositorySnapshot.List(paths.Repositories).Select(a => a.Value).ToHashSet(StringComparer.Ordinal);
        if (File.Exists(paths.Database))
        {
            apps.UnionWith(SqliteSnapshot.AppNames(paths.Database));
        }

        return apps.Order(StringComparer.Ordinal).ToList();
    }

    private void ReplaceState(string staging)
    {
        paths.EnsureCreated();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(paths.Database + suffix);
        }

        File.Move(Path.Combine(staging, BackupLayout.Database), paths.Database);
        MoveIfPresent(Path.Combine(staging, BackupLayout.SiloIds), paths.SiloIds);
        MoveIfPresent(Path.Combine(staging, BackupLayout.AdminToken), paths.AdminTokenFile);
    }

    /// <summary>The archive's repositories replace the node's, all of them (a forced restore leaves none of the old apps').</summary>
    private void ReplaceRepositories(string staging)
    {
        foreach (var old in RepositorySnapshot.List(paths.Repositories))
        {
            Directory.Delete(paths.Repository(old), recursive: true);
        }

        var restored = Path.Combine(staging, BackupLayout.RepositoriesFolder);
        foreach (var app in RepositorySnapshot.List(restored))
        {
            Directory.Move(Path.Combine(restored, app.Value + ".git"), paths.Repository(app));
        }
    }

    private async Task<(List<string> Loaded, List<string> Problems)> LoadImagesAsync(string folder, CancellationToken cancellationToken)
    {
        var loaded = new List<string>();
        var problems = new List<string>();
        if (!Directory.Exists(folder))
        {
            return (loaded, problems);
        }

        using var docker = DockerClientProvider.Create(options.DockerEndpoint);
        foreach (var tarball in Directory.EnumerateFiles(folder, "*.tar").Order(StringComparer.Ordinal))
        {
            var app = Path.GetFileNameWithoutExtension(tarball);
            string? error = null;
            try
            {
                await using var input = File.OpenRead(tarball);
                await docker.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, input,
                    new SynchronousProgress<JSONMessage>(m => error ??= m.Error?.Message is { Length: > 0 } e ? e : m.ErrorMessage is { Length: > 0 } t ? t : null),
                    cancellationToken);
            }
            catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or TimeoutException)
            {
                error = ex.GetBaseException().Message;
            }

            if (error is null)
            {
                loaded.Add(app);
            }
            else
            {
                problems.Add($"{app}: {error.ReplaceLineEndings(" ")}");
            }
        }

        return (loaded, problems);
    }

    private static void MoveIfPresent(string source, string destination)
    {
        if (File.Exists(source))
        {
            File.Move(source, destination, overwrite: true);
        }
    }
}
