using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OrleansPaas.Grains.Configuration;

namespace OrleansPaas.Grains.Build.Buildpacks;

/// <summary>
/// Brings buildpacks onto the node: a local directory is used in place; a git URL (or local
/// repository) is cloned at its ref into <c>&lt;DataDir&gt;/buildpacks</c>, fetched again each
/// build, and the cached copy is used when the fetch fails (e.g. offline).
/// </summary>
public sealed class BuildpackFetcher(DataPaths paths)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    public async Task<FetchedBuildpack> FetchAsync(BuildpackReference reference, BuildLog log, CancellationToken cancellationToken)
    {
        if (reference.Ref is null && Directory.Exists(reference.Location) && IsBuildpack(reference.Location))
        {
            return FetchedBuildpack.At(reference, reference.Location);
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reference.ToString())))[..16];
        var target = Path.Combine(paths.Buildpacks, key);
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var staging = target + ".new-" + Guid.NewGuid().ToString("N")[..8];
            var error = await CloneAsync(reference, staging, cancellationToken);
            if (error is null && !IsBuildpack(staging))
            {
                error = "it has no executable bin/detect and bin/compile";
            }

            if (error is not null)
            {
                DeleteQuietly(staging);
                if (IsBuildpack(target))
                {
                    log.Detail($"could not fetch {reference} ({error}); using the copy fetched before");
                    return FetchedBuildpack.At(reference, target);
                }

                return FetchedBuildpack.Failed(reference, $"could not fetch buildpack {reference}: {error}");
            }

            DeleteQuietly(target);
            Directory.Move(staging, target);
            return FetchedBuildpack.At(reference, target);
        }
        finally
        {
            gate.Release();
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
