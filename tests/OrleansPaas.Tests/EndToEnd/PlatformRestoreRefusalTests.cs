using System.Formats.Tar;
using System.IO.Compression;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>The node's restore verb refuses what is not its own archive with one sentence, leaving the data folder as it was. No node runs.</summary>
public sealed class PlatformRestoreRefusalTests : IAsyncLifetime
{
    private readonly PaasNode _node = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("paas-restore-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Restore_ForeignTarGz_RefusedAndNothingWritten()
    {
        var foreign = Path.Combine(_folder, "photos.tar.gz");
        await using (var file = File.Create(foreign))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "holiday.jpg") { DataStream = new MemoryStream([1, 2, 3]) });
        }

        var result = await _node.RunVerbAsync("restore", foreign);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("photos.tar.gz is not an OrleansPaas backup (entry 'holiday.jpg' is not part of an OrleansPaas backup): nothing was changed.",
            result.StandardError.Trim());
        Assert.False(File.Exists(Path.Combine(_node.DataDir, "paas.db")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_node.DataDir, "tmp")));
    }

    [Fact]
    public async Task Restore_NotGzipAtAll_RefusedWithOneSentence()
    {
        var text = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(text, "not an archive\n");

        var result = await _node.RunVerbAsync("restore", text);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("notes.txt is damaged or not an OrleansPaas backup (", result.StandardError.Trim());
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(Path.Combine(_node.DataDir, "paas.db")));
    }

    [Fact]
    public async Task Backup_WithoutAFile_SaysHowToCallIt()
    {
        var result = await _node.RunVerbAsync("backup");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("needs the archive's file name", result.StandardError);
    }
}
