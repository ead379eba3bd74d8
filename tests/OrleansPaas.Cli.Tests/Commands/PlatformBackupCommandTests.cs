using Microsoft.AspNetCore.Http;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary><c>platform:backup FILE</c> against a fake API: the archive lands whole, owner-only; a broken stream leaves no file.</summary>
public sealed class PlatformBackupCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("paas-cli-backup-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task PlatformBackup_ToAFile_WritesTheStreamOwnerOnly_AsksForImages()
    {
        var archive = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        await using var server = await FakePaasServer.StartAsync(async c =>
        {
            c.Response.ContentType = "application/gzip";
            await c.Response.Body.WriteAsync(archive);
        });
        var path = Path.Combine(_folder, "backup.tar.gz");

        var run = await CliRun.RunAsync(server.Environment, "platform:backup", path, "--with-images");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.StartsWith($"-----> Wrote the platform's archive to {path} (292 KiB", run.Stdout);
        Assert.Equal(archive, await File.ReadAllBytesAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("GET /api/platform/backup?images=true", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task PlatformBackup_Refused_OneLineAndNoFile()
    {
        await using var server = await FakePaasServer.StartAsync(async c =>
        {
            c.Response.StatusCode = StatusCodes.Status409Conflict;
            c.Response.ContentType = "application/problem+json";
            await c.Response.WriteAsync("""{"title":"Cannot back up","status":409,"detail":"There is no database at /var/lib/orleanspaas/paas.db."}""");
        });
        var path = Path.Combine(_folder, "backup.tar.gz");

        var run = await CliRun.RunAsync(server.Environment, "platform:backup", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("There is no database at /var/lib/orleanspaas/paas.db.", run.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }
}
