using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Docker.DotNet;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Backup;
using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.NodeServices.Services.Transfers;

/// <summary>
/// services:export and services:import on the node that runs the service: a dump travels between the
/// API (on any node) and this node in chunks, spooled in an owner-only file under <c>&lt;DataDir&gt;/tmp</c>,
/// so no node ever holds a whole dump in memory. The dump itself and the restore are the backup engine's
/// (<see cref="IServiceBackups.ExportAsync"/>, <see cref="IServiceBackups.ImportAsync"/>).
/// </summary>
public sealed partial class ServiceTransfers(IServiceBackups backups, DataPaths paths, TimeProvider? time = null)
{
    /// <summary>A spool file older than this is what a transfer cut off by a crash left: the next transfer removes it.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromDays(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private string Directory => Path.Combine(paths.Scratch, "service-transfers");

    /// <summary>Dumps the running service into a new spool file; the ticket's id names it, or its error says why not.</summary>
    public async Task<string?> ExportAsync(ServiceBackupSource source, string id, CancellationToken cancellationToken)
    {
        var file = Begin(id);
        try
        {
            await using var output = File.Create(file);
            await backups.ExportAsync(source, output, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is BackupProblemException or DockerApiException or IOException or OperationCanceledException
                                   && !cancellationToken.IsCancellationRequested)
        {
            File.Delete(file);
            var why = ex switch
            {
                DockerApiException api => api.ResponseBody.Trim(),
                OperationCanceledException => "it took longer than Paas:Backups:Timeout",
                _ => ex.Message,
            };
            return $"The export of {source.Service} failed: {why}";
        }
    }

    /// <summary>Up to <paramref name="count"/> bytes of an export from <paramref name="offset"/>; empty at its end.</summary>
    public async Task<byte[]> ReadAsync(string id, long offset, int count, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(PathOf(id));
        input.Position = offset;
        var buffer = new byte[count];
        var read = await input.ReadAtLeastAsync(buffer, count, throwOnEndOfStream: false, cancellationToken);
        return read == count ? buffer : buffer[..read];
    }

    /// <summary>An empty spool file for an import's chunks.</summary>
    public void CreateImport(string id) => File.Create(Begin(id)).Dispose();

    public async Task AppendAsync(string id, byte[] chunk, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(PathOf(id), FileMode.Append, FileAccess.Write);
        await output.WriteAsync(chunk, cancellationToken);
    }

    /// <summary>Restores the whole spooled import into the running service (refused, changing nothing, when it is not a dump of its kind); the spool goes either way.</summary>
    public async Task<ServiceRestoreOutcome> ImportAsync(ServiceBackupSource target, string id, CancellationToken cancellationToken)
    {
        try
        {
            await using var input = File.OpenRead(PathOf(id));
            return await backups.ImportAsync(target, input, cancellationToken);
        }
        finally
        {
            Discard(id);
        }
    }

    public void Discard(string id) => File.Delete(PathOf(id));

    public static string NewId() => RandomNumberGenerator.GetHexString(24, lowercase: true);

    private string Begin(string id)
    {
        System.IO.Directory.CreateDirectory(Directory, DataPaths.PrivateDirectory);
        foreach (var stale in new DirectoryInfo(Directory).EnumerateFiles().Where(f => _time.GetUtcNow() - f.LastWriteTimeUtc > Abandoned))
        {
            stale.Delete();
        }

        return PathOf(id);
    }

    /// <summary>Ids come from <see cref="NewId"/>; anything else could name a file outside the spool folder.</summary>
    private string PathOf(string id) => IdPattern().IsMatch(id)
        ? Path.Combine(Directory, id + ".spool")
        : throw new ArgumentException($"'{id}' is not a transfer id", nameof(id));

    [GeneratedRegex("^[0-9a-f]{24}$")]
    private static partial Regex IdPattern();
}
