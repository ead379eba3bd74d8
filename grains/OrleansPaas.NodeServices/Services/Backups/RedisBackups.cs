using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OrleansPaas.NodeServices.Backup;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// Redis: an RDB snapshot taken with <c>redis-cli --rdb</c> inside the container, its keys counted by
/// <c>redis-check-rdb</c> (what the file says); proven by starting a throwaway server on it. A restore
/// is <see cref="RedisRestore"/>.
/// </summary>
public sealed partial class RedisBackups(ContainerCommands commands) : IKindBackups
{
    private readonly RedisCli _cli = new(commands);
    private readonly RedisRestore _restore = new(commands);

    public string Kind => "redis";

    public string Extension => "rdb";

    public async Task<BackupContents> DumpAsync(ServiceBackupSource source, string file, CancellationToken cancellationToken)
    {
        var work = "/tmp/paas-backup-" + RandomNumberGenerator.GetHexString(8, lowercase: true) + ".rdb";
        try
        {
            var dump = await _cli.RunAsync(source.ContainerId, source.Password, ["--rdb", work], cancellationToken);
            if (!dump.Succeeded)
            {
                throw new BackupProblemException($"redis-cli --rdb failed: {dump.LastLine}");
            }

            var check = await commands.RunAsync(source.ContainerId, ["redis-check-rdb", work], null, null, cancellationToken);
            var contents = ParseCheck(check);
            await using (var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var copy = await commands.RunAsync(source.ContainerId, ["cat", work], null, output, cancellationToken);
                if (!copy.Succeeded)
                {
                    throw new BackupProblemException($"the dump could not be read from the container: {copy.LastLine}");
                }
            }

            return contents;
        }
        finally
        {
            await commands.RunAsync(source.ContainerId, ["rm", "-f", work], null, null, CancellationToken.None);
        }
    }

    public async Task<BackupContents> LoadIntoThrowawayAsync(string service, string image, string file, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var password = RandomNumberGenerator.GetHexString(24, lowercase: true);
        // Nothing is saved: the server only has to load the file and answer.
        await using var container = await ThrowawayContainer.CreateAsync(commands.Client, image, service,
            new Dictionary<string, string>(),
            ["redis-server", "--requirepass", password, "--save", "", "--appendonly", "no"], cancellationToken);
        await commands.CopyInAsync(container.Id, file, "/data", "dump.rdb", cancellationToken);
        await container.StartAsync(cancellationToken);
        var target = new ServiceBackupSource(service, Kind, container.Id, image, password);
        await container.WaitUntilAsync(token => IsReadyAsync(target, token), timeout, "Redis server", cancellationToken);
        return await CountAsync(target, cancellationToken);
    }

    /// <summary>See <see cref="RedisRestore"/>: a failure leaves the service as it was; an append-only server is given the backup as its AOF.</summary>
    public async Task<BackupContents> RestoreAsync(ServiceBackupSource target, string file, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _restore.RestoreAsync(target, file, timeout, cancellationToken);
        return await CountAsync(target, cancellationToken);
    }

    private Task<bool> IsReadyAsync(ServiceBackupSource target, CancellationToken cancellationToken) =>
        _cli.IsReadyAsync(target.ContainerId, target.Password, cancellationToken);

    private async Task<BackupContents> CountAsync(ServiceBackupSource target, CancellationToken cancellationToken)
    {
        var info = await _cli.RunAsync(target.ContainerId, target.Password, ["INFO", "keyspace"], cancellationToken);
        if (!info.Succeeded)
        {
            throw new BackupProblemException($"the keys could not be counted: {info.LastLine}");
        }

        long keys = 0, expiring = 0;
        foreach (Match match in KeyspaceLine().Matches(info.Output))
        {
            keys += long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            expiring += long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return BackupContents.OfKeys(keys, expiring);
    }

    private static BackupContents ParseCheck(ExecResult check)
    {
        var keys = KeysRead().Match(check.Output);
        var expires = ExpiresRead().Match(check.Output);
        if (!check.Succeeded || !keys.Success || !expires.Success)
        {
            throw new BackupProblemException($"redis-check-rdb refused the dump: {check.LastLine}");
        }

        return BackupContents.OfKeys(long.Parse(keys.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(expires.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^db\d+:keys=(\d+),expires=(\d+)", RegexOptions.Multiline)]
    private static partial Regex KeyspaceLine();

    [GeneratedRegex(@"\[info\] (\d+) keys read")]
    private static partial Regex KeysRead();

    [GeneratedRegex(@"\[info\] (\d+) expires")]
    private static partial Regex ExpiresRead();
}
