using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Backup;

namespace OrleansPaas.Grains.Backup;

/// <summary>
/// Unpacks an archive into a staging folder and checks it whole — entry names, entry kinds, every
/// file against the manifest's SHA-256 — before the restore touches the data folder. Whatever is
/// wrong, the answer is one sentence and only the staging folder was written.
/// </summary>
public static class ArchiveReader
{
    private const int MaxManifestBytes = 16 * 1024 * 1024;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task<BackupManifest> ExtractAsync(string archivePath, string staging, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(archivePath);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        byte[]? manifestBytes = null;
        try
        {
            await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                var isDirectory = entry.EntryType == TarEntryType.Directory;
                if (!isDirectory && entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    throw NotABackup(name, $"entry '{entry.Name}' is a {entry.EntryType}, which a backup never holds");
                }

                var entryName = entry.Name.TrimEnd('/');
                if (BackupLayout.Problem(entryName, isDirectory) is { } problem)
                {
                    throw NotABackup(name, problem);
                }

                var target = Path.Combine(staging, entryName);
                if (isDirectory)
                {
                    Directory.CreateDirectory(target, DataPaths.PrivateDirectory);
                }
                else if (entryName == BackupLayout.Manifest)
                {
                    manifestBytes = await ReadManifestAsync(entry, name, cancellationToken);
                }
                else
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!, DataPaths.PrivateDirectory);
                    hashes[entryName] = await WriteAsync(entry, target, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or ArgumentException)
        {
            throw Damaged(name, ex.Message);
        }

        return Check(name, manifestBytes, hashes);
    }

    private static BackupManifest Check(string name, byte[]? manifestBytes, Dictionary<string, string> hashes)
    {
        if (manifestBytes is null)
        {
            // The manifest is the last entry: an archive cut short lacks it as much as a foreign one.
            throw Damaged(name, $"it has no {BackupLayout.Manifest}, its last entry");
        }

        var manifest = BackupManifest.Parse(manifestBytes) ?? throw NotABackup(name, $"its {BackupLayout.Manifest} is not one");
        if (manifest.Version > BackupManifest.CurrentVersion)
        {
            throw new BackupProblemException($"{name} was made by a newer OrleansPaas (backup format {manifest.Version}): restore it with that version; nothing was changed.");
        }

        foreach (var (entry, expected) in manifest.Files)
        {
            if (!hashes.TryGetValue(entry, out var actual))
            {
                throw Damaged(name, $"{entry} is missing");
            }

            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw Damaged(name, $"{entry} does not match its checksum");
            }
        }

        if (hashes.Keys.FirstOrDefault(entry => !manifest.Files.ContainsKey(entry)) is { } extra)
        {
            throw Damaged(name, $"{extra} is not in its manifest");
        }

        IReadOnlyList<string> state = manifest.State == BackupManifest.SqliteState
            ? [BackupLayout.Database]
            : PostgresSnapshot.Tables.Select(BackupLayout.PostgresTable).ToList();
        if (state.FirstOrDefault(entry => !hashes.ContainsKey(entry)) is { } missing)
        {
            throw NotABackup(name, $"it holds no {missing}");
        }

        return manifest;
    }

    private static async Task<byte[]> ReadManifestAsync(TarEntry entry, string name, CancellationToken cancellationToken)
    {
        if (entry.Length > MaxManifestBytes || entry.DataStream is null)
        {
            throw NotABackup(name, $"its {BackupLayout.Manifest} is not one");
        }

        using var buffer = new MemoryStream();
        await entry.DataStream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Writes the entry's data (owner-only; the owner's execute bit kept for git hooks) and returns its SHA-256.</summary>
    private static async Task<string> WriteAsync(TarEntry entry, string target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = new FileStream(target, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerFile | (entry.Mode & UnixFileMode.UserExecute),
            Options = FileOptions.Asynchronous,
        });
        if (entry.DataStream is { } data)
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static BackupProblemException NotABackup(string name, string why) =>
        new($"{name} is not an OrleansPaas backup ({why}): nothing was changed.");

    private static BackupProblemException Damaged(string name, string why) =>
        new($"{name} is damaged or not an OrleansPaas backup ({why.ReplaceLineEndings(" ").Trim()}): nothing was changed.");
}
