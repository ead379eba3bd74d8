using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace OrleansPaas.Grains.Backup;

/// <summary>
/// A tar.gz written front to back onto any stream (a file, an HTTP answer), noting the SHA-256 of
/// every file it adds for the manifest. Entries are owner-only, whatever the source's mode.
/// </summary>
public sealed class ArchiveWriter : IAsyncDisposable
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerFile | UnixFileMode.UserExecute;

    private readonly GZipStream _gzip;
    private readonly TarWriter _tar;
    private readonly SortedDictionary<string, string> _hashes = new(StringComparer.Ordinal);

    public ArchiveWriter(Stream destination)
    {
        // Fastest: most of the bytes are images and git packs, which are compressed already.
        _gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        _tar = new TarWriter(_gzip, TarEntryFormat.Pax, leaveOpen: true);
    }

    public IReadOnlyDictionary<string, string> Hashes => _hashes;

    public async Task AddFileAsync(string path, string entryName, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        file.Position = 0;
        var entry = new PaxTarEntry(TarEntryType.RegularFile, entryName) { DataStream = file, Mode = Mode(path, OwnerFile) };
        await _tar.WriteEntryAsync(entry, cancellationToken);
        _hashes[entryName] = hash;
    }

    public async Task AddBytesAsync(string entryName, byte[] content, CancellationToken cancellationToken)
    {
        using var data = new MemoryStream(content, writable: false);
        await _tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, entryName) { DataStream = data, Mode = OwnerFile }, cancellationToken);
        _hashes[entryName] = Convert.ToHexStringLower(SHA256.HashData(content));
    }

    /// <summary>A folder with everything in it, empty folders included (git needs its empty <c>refs</c>).</summary>
    public async Task AddDirectoryAsync(string directory, string entryName, CancellationToken cancellationToken)
    {
        await _tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, entryName) { Mode = OwnerDirectory }, cancellationToken);
        foreach (var child in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var childName = entryName + "/" + Path.GetFileName(child);
            var attributes = File.GetAttributes(child);
            if (attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                // A link in a repository is not git's own; a restore would refuse it anyway.
                continue;
            }

            if (attributes.HasFlag(FileAttributes.Directory))
            {
                await AddDirectoryAsync(child, childName, cancellationToken);
            }
            else
            {
                await AddFileAsync(child, childName, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _tar.DisposeAsync();
        await _gzip.DisposeAsync();
    }

    /// <summary>The owner's execute bit is kept (git hooks), group and others get nothing.</summary>
    private static UnixFileMode Mode(string path, UnixFileMode baseline) =>
        baseline | (File.GetUnixFileMode(path) & UnixFileMode.UserExecute);
}
