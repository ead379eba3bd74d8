using System.Formats.Tar;
using System.IO.Compression;
using OrleansPaas.Grains.Backup;
using OrleansPaas.NodeServices.Backup;

namespace OrleansPaas.Tests.Backup;

/// <summary>
/// The restore's first half: an archive is unpacked into a staging folder and checked whole, and
/// anything that is not the platform's own archive, unchanged, is refused with one sentence.
/// </summary>
public sealed class ArchiveReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("paas-archive-").FullName;

    private string Staging => Path.Combine(_folder, "staging");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Extract_ArchiveAsWritten_GivesItsManifestAndFiles()
    {
        var archive = await WriteArchiveAsync(("state/paas.db", "database"), ("repos/blog.git/HEAD", "ref: refs/heads/main\n"));

        var manifest = await ArchiveReader.ExtractAsync(archive, Staging, CancellationToken.None);

        Assert.Equal(["blog"], manifest.Apps);
        Assert.Equal("database", await File.ReadAllTextAsync(Path.Combine(Staging, "state", "paas.db")));
        Assert.Equal("ref: refs/heads/main\n", await File.ReadAllTextAsync(Path.Combine(Staging, "repos", "blog.git", "HEAD")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Staging, "state", "paas.db")));
    }

    [Fact]
    public async Task Extract_FileChangedAfterTheManifestWasWritten_RefusedAsDamaged()
    {
        var archive = await WriteArchiveAsync(("state/paas.db", "database"));
        var manifest = await ArchiveReader.ExtractAsync(archive, Staging, CancellationToken.None);
        Directory.Delete(Staging, recursive: true);
        var doctored = Path.Combine(_folder, "doctored.tar.gz");
        await WriteRawAsync(doctored, ("state/paas.db", "another database"), (BackupLayout.Manifest, System.Text.Encoding.UTF8.GetString(manifest.ToJson())));

        var refused = await Assert.ThrowsAsync<BackupProblemException>(() => ArchiveReader.ExtractAsync(doctored, Staging, CancellationToken.None));

        Assert.Equal("doctored.tar.gz is damaged or not an OrleansPaas backup (state/paas.db does not match its checksum): nothing was changed.", refused.Message);
    }

    [Fact]
    public async Task Extract_EntryOutsideTheLayout_Refused()
    {
        var escaping = Path.Combine(_folder, "escaping.tar.gz");
        await WriteRawAsync(escaping, ("repos/../../etc/cron.d/x", "* * * * * root sh\n"));

        var refused = await Assert.ThrowsAsync<BackupProblemException>(() => ArchiveReader.ExtractAsync(escaping, Staging, CancellationToken.None));

        Assert.Equal("escaping.tar.gz is not an OrleansPaas backup (entry 'repos/../../etc/cron.d/x' is not a plain relative path): nothing was changed.", refused.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "etc", "cron.d", "x")));
    }

    [Fact]
    public async Task Extract_SymbolicLink_Refused()
    {
        var linked = Path.Combine(_folder, "linked.tar.gz");
        await using (var file = File.Create(linked))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "repos/blog.git/config") { LinkName = "/etc/shadow" });
        }

        var refused = await Assert.ThrowsAsync<BackupProblemException>(() => ArchiveReader.ExtractAsync(linked, Staging, CancellationToken.None));

        Assert.Contains("is a SymbolicLink, which a backup never holds", refused.Message);
    }

    [Fact]
    public async Task Extract_TruncatedArchive_RefusedAsDamaged()
    {
        var archive = await WriteArchiveAsync(("state/paas.db", new string('x', 100_000)));
        var bytes = await File.ReadAllBytesAsync(archive);
        var truncated = Path.Combine(_folder, "truncated.tar.gz");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);

        var refused = await Assert.ThrowsAsync<BackupProblemException>(() => ArchiveReader.ExtractAsync(truncated, Staging, CancellationToken.None));

        Assert.StartsWith("truncated.tar.gz is damaged or not an OrleansPaas backup (", refused.Message);
        Assert.EndsWith(": nothing was changed.", refused.Message);
    }

    /// <summary>An archive as the platform writes one: files, then the manifest with their checksums.</summary>
    private async Task<string> WriteArchiveAsync(params (string Name, string Content)[] files)
    {
        var path = Path.Combine(_folder, "platform.tar.gz");
        await using var file = File.Create(path);
        await using (var archive = new ArchiveWriter(file))
        {
            foreach (var (name, content) in files)
            {
                await archive.AddBytesAsync(name, System.Text.Encoding.UTF8.GetBytes(content), CancellationToken.None);
            }

            var manifest = new BackupManifest(BackupManifest.FormatName, BackupManifest.CurrentVersion, BackupManifest.SqliteState, DateTimeOffset.UtcNow, "node", ["blog"], [],
                new Dictionary<string, string>(archive.Hashes));
            await archive.AddBytesAsync(BackupLayout.Manifest, manifest.ToJson(), CancellationToken.None);
        }

        return path;
    }

    private static async Task WriteRawAsync(string path, params (string Name, string Content)[] files)
    {
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in files)
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) });
        }
    }
}
