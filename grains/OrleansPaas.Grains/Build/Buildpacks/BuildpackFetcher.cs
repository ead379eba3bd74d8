using OrleansPaas.NodeServices.Git;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Build.Buildpacks;

/// <summary>
/// Brings buildpacks onto the node: a local directory is used in place; a git URL (or local
/// repository) is cloned at its ref, fetched again each build, and the last good copy is used when
/// the fetch fails (e.g. offline). Every fetch lands in a folder of its own
/// (<c>&lt;DataDir&gt;/buildpacks/fetched/&lt;reference&gt;/&lt;time&gt;</c>) that is never
/// changed afterwards: a build mounts its copy, and another build fetching the same buildpack at
/// the same time must not replace it under it. Copies older than a build may take are pruned.
/// </summary>
public sealed class BuildpackFetcher(DataPaths paths, IOptions<PaasOptions> options)
{
    // Copies kept per buildpack besides those a running build may still use.
    private const int KeepCopies = 2;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    public async Task<FetchedBuildpack> FetchAsync(BuildpackReference reference, BuildLog log, CancellationToken cancellationToken)
    {
        if (reference.Ref is null && Directory.Exists(reference.Location) && IsBuildpack(reference.Location))
        {
            return FetchedBuildpack.At(reference, reference.Location);
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reference.ToString())))[..16];
        var copies = Path.Combine(paths.Buildpacks, "fetched", key);
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var staging = Path.Combine(copies, ".new-" + Guid.NewGuid().ToString("N")[..8]);
            var error = await CloneAsync(reference, staging, cancellationToken);
            if (error is null && !IsBuildpack(staging))
            {
                error = "it has no executable bin/detect and bin/compile";
            }

            if (error is not null)
            {
                DeleteQuietly(staging);
                if (Newest(copies) is { } previous)
                {
                    log.Detail($"could not fetch {reference} ({error}); using the copy fetched before");
                    return FetchedBuildpack.At(reference, previous);
                }

                return FetchedBuildpack.Failed(reference, $"could not fetch buildpack {reference}: {error}");
            }

            // Names sort by fetch time, so the newest good copy is the last one.
            var copy = Path.Combine(copies, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}");
            Directory.Move(staging, copy);
            PruneOldCopies(copies, keep: copy);
            return FetchedBuildpack.At(reference, copy);
        }
        finally
        {
            gate.Release();
        }
    }

    private static string? Newest(string copies) =>
        Directory.Exists(copies)
            ? Directory.EnumerateDirectories(copies).Where(d => !Path.GetFileName(d).StartsWith('.') && IsBuildpack(d)).Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary>Removes copies beyond the newest few, but only those no running build can still use.</summary>
    private void PruneOldCopies(string copies, string keep)
    {
        var oldestInUse = DateTime.UtcNow - options.Value.Build.Timeout - TimeSpan.FromMinutes(5);
        var older = Directory.EnumerateDirectories(copies)
            .Where(d => d != keep && !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .SkipLast(KeepCopies - 1);
        foreach (var copy in older.Where(d => Directory.GetCreationTimeUtc(d) < oldestInUse))
        {
            DeleteQuietly(copy);
        }
    }

    private static async Task<string?> CloneAsync(BuildpackReference reference, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        string[] clone = reference.Ref is null
            ? ["clone", "--quiet", "--depth", "1", "--", reference.Location, destination]
            : ["clone", "--quiet", "--", reference.Location, destination];
        var result = await GitCommand.RunAsync(clone, null, cancellationToken);
        if (result is null && reference.Ref is not null)
        {
            result = await GitCommand.RunAsync(["checkout", "--quiet", "--detach", reference.Ref, "--"], destination, cancellationToken);
            result = result is null ? null : $"ref '{reference.Ref}' not found: {result}";
        }

        return result;
    }

    private static bool IsBuildpack(string directory) =>
        File.Exists(Path.Combine(directory, "bin", "detect")) && File.Exists(Path.Combine(directory, "bin", "compile"));

    private static void DeleteQuietly(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}

public sealed record FetchedBuildpack(BuildpackReference Reference, string? Directory, string? Error)
{
    public static FetchedBuildpack At(BuildpackReference reference, string directory) => new(reference, directory, null);
    public static FetchedBuildpack Failed(BuildpackReference reference, string error) => new(reference, null, error);
}
