using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Services;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.Services;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Services.Backups;

/// <summary>
/// Restoring into a Redis started as the platform starts a service (append-only on, so the server loads
/// its AOF and not dump.rdb at start), against the stand-in image: the backup is what it then serves,
/// and a restore that fails leaves the service with the data it had.
/// </summary>
public sealed class RedisRestoreTests : IDisposable
{
    // A name of its own: its throwaway containers are found by it while other test classes make theirs.
    private static readonly string Name = "cache-" + Guid.NewGuid().ToString("N")[..6];

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "paas-redisrestore-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly DockerClientProvider _docker = new(Options.Create(new PaasOptions()));

    [Fact]
    public async Task RestoreAsync_AppendOnlyService_ServesTheBackedUpValue()
    {
        await using var service = await StartServiceAsync();
        Assert.Equal("OK", await Redis(service, "SET", "greeting", "old"));
        var engine = Engine();
        var source = Source(service);
        var backup = await engine.BackupAsync(source, null, CancellationToken.None);
        Assert.True(backup.Verified, backup.Error ?? backup.Manifest?.Verification?.Detail);
        Assert.Equal("OK", await Redis(service, "SET", "greeting", "new"));
        Assert.Equal("OK", await Redis(service, "SET", "written-after", "1"));

        var restore = await engine.RestoreAsync(source, Name, backup.Manifest!.Id, CancellationToken.None);

        Assert.True(restore.Succeeded, restore.Error);
        Assert.Equal("old", await Redis(service, "GET", "greeting"));
        Assert.Equal("1", await Redis(service, "DBSIZE"));
        Assert.Equal("yes", (await Redis(service, "CONFIG", "GET", "appendonly")).Split('\n')[^1].Trim());
        Assert.Equal("dump.rdb\nappendonlydir", await DataFilesAsync(service));
        // The restored data is in the append-only file: it is what the server loads after another restart.
        Assert.Equal(0, (await ProcessRunner.RunAsync("docker", ["restart", service.Id])).ExitCode);
        await Poll.UntilAsync(async () => (await service.RedisAsync("PING")).Output.Contains("PONG"), TimeSpan.FromSeconds(30), "redis to answer after a restart");
        Assert.Equal("old", await Redis(service, "GET", "greeting"));
    }

    [Fact]
    public async Task ImportAsync_DumpTheServerRefuses_LeavesTheServiceWithItsData()
    {
        await using var service = await StartServiceAsync();
        Assert.Equal("OK", await Redis(service, "SET", "greeting", "kept"));
        using var garbage = new MemoryStream(Encoding.ASCII.GetBytes("REDIS0011 this is not a snapshot"));

        var import = await Engine().ImportAsync(Source(service), garbage, CancellationToken.None);

        Assert.False(import.Succeeded);
        Assert.StartsWith($"The restore into {Name} failed: ", import.Error);
        await Poll.UntilAsync(async () => (await service.RedisAsync("PING")).Output.Contains("PONG"), TimeSpan.FromSeconds(30), "redis to answer after the failed restore");
        Assert.Equal("kept", await Redis(service, "GET", "greeting"));
        Assert.Equal("dump.rdb\nappendonlydir", await DataFilesAsync(service));
        var left = await ProcessRunner.RunAsync("docker", ["ps", "-aq", "--filter", $"label={ThrowawayContainer.Label}={Name}"]);
        Assert.Equal("", left.StandardOutput.Trim());
    }

    private static Task<StandInServiceContainer> StartServiceAsync() =>
        // The service's options after its configuration file; the password, in that file for a service, is an option here.
        StandInServiceContainer.StartRedisAsync(password => ["--requirepass", password, .. ServiceContract.Command(ServiceKind.Redis)!.Skip(2)]);

    private static ServiceBackupSource Source(StandInServiceContainer service) => new(Name, "redis", service.Id, service.Image, service.Password);

    private static async Task<string> Redis(StandInServiceContainer service, params string[] command)
    {
        var result = await service.RedisAsync(command);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim();
    }

    /// <summary>What is in the data directory besides nothing else: no file set aside or brought in is left behind.</summary>
    private static async Task<string> DataFilesAsync(StandInServiceContainer service)
    {
        var list = await service.ExecAsync("ls", "-1", "-A", "/data");
        Assert.True(list.ExitCode == 0, list.ToString());
        return string.Join('\n', list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .OrderByDescending(name => name == "dump.rdb"));
    }

    private ServiceBackups Engine()
    {
        var options = Options.Create(new PaasOptions { DataDir = _dataDir });
        var commands = new ContainerCommands(_docker);
        return new ServiceBackups([new RedisBackups(commands)], new BackupStore(options, new DataPaths(options.Value)), options,
            NullLogger<ServiceBackups>.Instance);
    }

    public void Dispose()
    {
        _docker.Dispose();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
