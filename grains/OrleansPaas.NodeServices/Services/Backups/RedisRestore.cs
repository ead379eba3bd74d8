using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using OrleansPaas.NodeServices.Backup;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// Puts an RDB file in place of a running Redis service's data so that a failure leaves the service as
/// it was: the service is stopped (saving its data), its files are set aside — not removed — in its data
/// directory, and they are dropped only once the server answers on the restored data; any failure before
/// that puts them back and starts the service again. A server with append-only persistence loads its AOF
/// and not the RDB at start, so for one the RDB is first loaded by a throwaway server on the service's
/// volume that then writes the append-only files from it (Redis's own <c>CONFIG SET appendonly yes</c>).
/// </summary>
public sealed partial class RedisRestore(ContainerCommands commands)
{
    private readonly RedisCli _cli = new(commands);

    /// <summary>Moves the named files (those absent are remembered as such) into the aside folder, then the incoming file to the dump's name.</summary>
    private const string SetAsideScript = """
        set -e
        cd "$1"; aside=$2; incoming=$3; dump=$4; shift 4
        mkdir "$aside"
        for name in "$@"; do
          if [ -e "$name" ]; then mv "$name" "$aside/"; else touch "$aside/.absent-$name"; fi
        done
        mv "$incoming" "$dump"
        """;

    /// <summary>Puts back every file the set-aside handled (removing what took its place) and removes the incoming file.</summary>
    private const string PutBackScript = """
        set -e
        cd "$1"; aside=$2; incoming=$3; shift 3
        rm -f "$incoming"
        if [ -d "$aside" ]; then
          for name in "$@"; do
            if [ -e "$aside/$name" ] || [ -e "$aside/.absent-$name" ]; then rm -rf "$name"; fi
            if [ -e "$aside/$name" ]; then mv "$aside/$name" "$name"; fi
          done
          rm -rf "$aside"
        fi
        """;

    public async Task RestoreAsync(ServiceBackupSource target, string file, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var container = target.ContainerId;
        var directory = await _cli.ConfigAsync(container, target.Password, "dir", cancellationToken);
        var dump = await _cli.ConfigAsync(container, target.Password, "dbfilename", cancellationToken);
        var appendOnly = await _cli.ConfigAsync(container, target.Password, "appendonly", cancellationToken) == "yes";
        var appendFile = await _cli.ConfigAsync(container, target.Password, "appendfilename", cancellationToken);
        // Redis 7 keeps its append-only files in a folder; before 7 the file is in the data directory.
        var appendDirectory = await _cli.TryConfigAsync(container, target.Password, "appenddirname", cancellationToken);
        string[] data = [.. new[] { dump, appendFile, appendDirectory }.OfType<string>().Distinct(StringComparer.Ordinal)];
        var tag = RandomNumberGenerator.GetHexString(8, lowercase: true);
        var incoming = $"paas-restore-{tag}.rdb";
        var aside = $"paas-before-restore-{tag}";

        try
        {
            await commands.CopyInAsync(container, file, directory, incoming, cancellationToken);
        }
        catch
        {
            await TryRemoveAsync(container, directory + "/" + incoming);
            throw;
        }

        try
        {
            await StopAsync(container, timeout, cancellationToken);
            await RunOnDataAsync(target, SetAsideScript, [directory, aside, incoming, dump, .. data], timeout, "setting the current data aside", cancellationToken);
            if (appendOnly)
            {
                await WriteAppendOnlyFilesAsync(target, directory, dump, appendFile, appendDirectory, timeout, cancellationToken);
            }

            await StartAsync(target, timeout, "after the restore", cancellationToken);
        }
        catch (Exception failure)
        {
            // Also when cancelled (the time limit cancels too): the service must not stay stopped or half restored.
            await PutBackAsync(target, failure, [directory, aside, incoming, .. data], timeout);
            throw;
        }

        // Proven up on the restored data: what was set aside can go.
        await TryRemoveAsync(container, directory + "/" + aside);
    }

    /// <summary>Tidying only: a failure of it must not hide what happened before.</summary>
    private async Task TryRemoveAsync(string container, string path)
    {
        try
        {
            await commands.RunAsync(container, ["rm", "-rf", path], null, null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Docker.DotNet.DockerApiException or IOException)
        {
        }
    }

    /// <summary>A throwaway server loads the RDB without append-only, then turns it on, which writes the AOF from the data set; it ends cleanly.</summary>
    private async Task WriteAppendOnlyFilesAsync(ServiceBackupSource target, string directory, string dump, string appendFile, string? appendDirectory,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var password = RandomNumberGenerator.GetHexString(24, lowercase: true);
        List<string> command = ["redis-server", "--requirepass", password, "--dir", directory, "--dbfilename", dump, "--save", "",
            "--appendonly", "no", "--appendfilename", appendFile];
        if (appendDirectory is not null)
        {
            command.AddRange(["--appenddirname", appendDirectory]);
        }

        await using var loader = await ThrowawayContainer.CreateAsync(commands.Client, target.Image, target.Service,
            new Dictionary<string, string>(), command, cancellationToken, volumesOf: target.ContainerId);
        await loader.StartAsync(cancellationToken);
        await loader.WaitUntilAsync(token => _cli.IsReadyAsync(loader.Id, password, token), timeout, "Redis server loading the backup", cancellationToken);
        var turnOn = await _cli.RunAsync(loader.Id, password, ["CONFIG", "SET", "appendonly", "yes"], cancellationToken);
        if (!turnOn.Output.Contains("OK", StringComparison.Ordinal))
        {
            throw new BackupProblemException($"the append-only file could not be written from the backup: {turnOn.LastLine}");
        }

        await loader.WaitUntilAsync(token => AppendOnlyWrittenAsync(loader.Id, password, token), timeout, "Redis server writing the append-only file", cancellationToken);
        await _cli.RunAsync(loader.Id, password, ["SHUTDOWN"], cancellationToken);
        await loader.WaitForSuccessAsync(timeout, "the throwaway Redis server writing the append-only file", cancellationToken);
    }

    private async Task<bool> AppendOnlyWrittenAsync(string container, string password, CancellationToken cancellationToken)
    {
        var info = (await _cli.RunAsync(container, password, ["INFO", "persistence"], cancellationToken)).Output;
        if (info.Contains("aof_last_bgrewrite_status:err", StringComparison.Ordinal))
        {
            throw new BackupProblemException("the Redis server could not write the append-only file from the backup");
        }

        return info.Contains("aof_enabled:1", StringComparison.Ordinal)
            && info.Contains("aof_rewrite_in_progress:0", StringComparison.Ordinal)
            && info.Contains("aof_rewrite_scheduled:0", StringComparison.Ordinal)
            && (RewritesLine().Match(info) is not { Success: true } rewrites || rewrites.Groups[1].Value != "0");
    }

    /// <summary>Any failure: the service is stopped, its files put back, and it is started on them. A failure of that is said too, with where the old files are.</summary>
    private async Task PutBackAsync(ServiceBackupSource target, Exception failure, IReadOnlyList<string> scriptArguments, TimeSpan timeout)
    {
        try
        {
            await StopAsync(target.ContainerId, timeout, CancellationToken.None);
            await RunOnDataAsync(target, PutBackScript, scriptArguments, timeout, "putting the data back", CancellationToken.None);
            await StartAsync(target, timeout, "with its data put back", CancellationToken.None);
        }
        catch (Exception ex)
        {
            var reason = failure is BackupProblemException ? failure.Message : failure.GetBaseException().Message;
            throw new BackupProblemException(
                $"{reason}; putting the data from before back failed too ({ex.GetBaseException().Message}), it is kept in {scriptArguments[0]}/{scriptArguments[1]} on the service's volume");
        }
    }

    /// <summary>A stop lets the server save: the files then hold everything written before the restore.</summary>
    private async Task StopAsync(string container, TimeSpan timeout, CancellationToken cancellationToken) =>
        await commands.Client.Containers.StopContainerAsync(container,
            new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Clamp(timeout.TotalSeconds, 10, 600) }, cancellationToken);

    private async Task StartAsync(ServiceBackupSource target, TimeSpan timeout, string when, CancellationToken cancellationToken)
    {
        await commands.Client.Containers.StartContainerAsync(target.ContainerId, new ContainerStartParameters(), cancellationToken);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await _cli.IsReadyAsync(target.ContainerId, target.Password, cancellationToken))
        {
            var now = await commands.Client.Containers.InspectContainerAsync(target.ContainerId, cancellationToken);
            if (!now.State.Running)
            {
                throw new BackupProblemException($"the Redis server stopped {when} (exit code {now.State.ExitCode})");
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new BackupProblemException($"the Redis server did not answer within {timeout.TotalSeconds:0} s {when}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>A shell script (fixed text; the names are its arguments) in a throwaway container of the image on the stopped service's volumes.</summary>
    private async Task RunOnDataAsync(ServiceBackupSource target, string script, IReadOnlyList<string> arguments, TimeSpan timeout, string what,
        CancellationToken cancellationToken)
    {
        await using var worker = await ThrowawayContainer.CreateAsync(commands.Client, target.Image, target.Service,
            new Dictionary<string, string>(), [script, "sh", .. arguments], cancellationToken, volumesOf: target.ContainerId, entrypoint: ["sh", "-c"]);
        await worker.StartAsync(cancellationToken);
        await worker.WaitForSuccessAsync(timeout, what, cancellationToken);
    }

    [GeneratedRegex(@"^aof_rewrites:(\d+)", RegexOptions.Multiline)]
    private static partial Regex RewritesLine();
}
