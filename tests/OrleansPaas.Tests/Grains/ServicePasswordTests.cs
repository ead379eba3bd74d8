using OrleansPaas.NodeServices.Services;
using OrleansPaas.NodeServices.Services.Transfers;
using OrleansPaas.Services;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// A service's password is nowhere <c>docker inspect</c> or the node's <c>ps</c> shows (not its command,
/// arguments or environment), yet the service opens with it and not without; a container made by a
/// version that put it there is made again without it, keeping its data.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ServicePasswordTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Theory]
    [InlineData("postgres")]
    [InlineData("redis")]
    public async Task Create_PasswordNotInInspectOrPs_ServiceOpensWithItOnly(string kind)
    {
        var (name, password) = await CreateAsync(kind);
        try
        {
            var container = ServiceResources.Container(name);
            await WaitUntilItAnswersAsync(kind, name, password);

            Assert.DoesNotContain(password, await DockerAsync("inspect", container), StringComparison.Ordinal);
            Assert.DoesNotContain(password, await DockerAsync("top", container, "-o", "pid,args"), StringComparison.Ordinal);
            // Readable only by the user that reads it: root (the postgres entrypoint, before it drops privileges) or redis.
            var file = kind == "postgres" ? "/run/secrets/postgres-password" : "/run/secrets/redis.conf";
            Assert.Equal(kind == "postgres" ? "600 0" : "600 999", (await DockerAsync("exec", container, "stat", "-c", "%a %u", file)).Trim());
            var wrong = await AskAsync(kind, name, "not-" + password);
            Assert.False(Opened(wrong), $"the service opened with a wrong password: {wrong}");
        }
        finally
        {
            await Grains.GetGrain<IServiceGrain>(name).DestroyAsync(force: true);
        }
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("redis")]
    public async Task EnsureRunning_ContainerWithThePasswordInItsCommandOrEnvironment_IsMadeAgainWithoutItKeepingTheData(string kind)
    {
        var (name, password) = await CreateAsync(kind);
        var container = ServiceResources.Container(name);
        try
        {
            await WaitUntilItAnswersAsync(kind, name, password);
            await WriteAsync(kind, name, password);
            await DockerAsync("stop", container);
            await DockerAsync("rm", container);
            await DockerAsync(["create", "--name", container, "--label", $"{ServiceLabels.Service}={name}", "--label", $"{ServiceLabels.Kind}={kind}",
                "--network", ServiceResources.Network(name), .. OldForm(kind, name, password)]);
            await DockerAsync("start", container);
            Assert.Contains(password, await DockerAsync("inspect", container), StringComparison.Ordinal);
            await WaitUntilItAnswersAsync(kind, name, password);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Grains.GetGrain<IServiceGrain>(name).EnsureRunningAsync();

            Assert.DoesNotContain(password, await DockerAsync("inspect", container), StringComparison.Ordinal);
            await WaitUntilItAnswersAsync(kind, name, password);
            output.WriteLine($"{kind}: made again and answering after {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Equal("kept", await ReadAsync(kind, name, password));
        }
        finally
        {
            await Grains.GetGrain<IServiceGrain>(name).DestroyAsync(force: true);
        }
    }

    /// <summary>What the platform gave a service's container before its password went into a file.</summary>
    private static string[] OldForm(string kind, string name, string password) => kind == "postgres"
        ?
        [
            "--mount", $"type=volume,src={ServiceResources.Volume(name)},dst=/var/lib/postgresql/data",
            "-e", "POSTGRES_USER=" + Database(name), "-e", "POSTGRES_PASSWORD=" + password, "-e", "POSTGRES_DB=" + Database(name),
            StandInServiceContainer.PostgresImage,
        ]
        :
        [
            "--mount", $"type=volume,src={ServiceResources.Volume(name)},dst=/data",
            StandInServiceContainer.RedisImage, "redis-server", "--requirepass", password, "--appendonly", "yes", "--dir", "/data",
        ];

    private async Task<(string Name, string Password)> CreateAsync(string kind)
    {
        await StandInServiceContainer.EnsureImageAsync($"make-{kind}-image.sh", kind == "postgres" ? StandInServiceContainer.PostgresImage : StandInServiceContainer.RedisImage);
        var name = "svc-" + Guid.NewGuid().ToString("N")[..6];
        var created = await Grains.GetGrain<IServiceGrain>(name).CreateAsync(kind, null);
        Assert.True(created.Succeeded, created.Error);
        var source = await Grains.GetGrain<IServiceTransfersGrain>(name).ConsoleSourceAsync();
        Assert.NotNull(source);
        return (name, source.Password);
    }

    private static Task WaitUntilItAnswersAsync(string kind, string name, string password) =>
        Poll.UntilAsync(() => AskAsync(kind, name, password), Opened, TimeSpan.FromSeconds(90), $"{name} to answer with its password");

    private static bool Opened(ProcessResult answer) => answer.ExitCode == 0 && answer.StandardOutput.Trim() is "1" or "PONG";

    /// <summary>Over TCP for PostgreSQL: the container's own socket trusts its user without a password.</summary>
    private static Task<ProcessResult> AskAsync(string kind, string name, string password) => kind == "postgres"
        ? SqlAsync(name, password, "SELECT 1")
        : RedisAsync(name, password, "PING");

    private static async Task WriteAsync(string kind, string name, string password)
    {
        var written = kind == "postgres"
            ? await SqlAsync(name, password, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')")
            : await RedisAsync(name, password, "SET", "note", "kept");
        Assert.True(written.ExitCode == 0, written.ToString());
    }

    private static async Task<string> ReadAsync(string kind, string name, string password)
    {
        var read = kind == "postgres"
            ? await SqlAsync(name, password, "SELECT body FROM notes")
            : await RedisAsync(name, password, "GET", "note");
        Assert.True(read.ExitCode == 0, read.ToString());
        return read.StandardOutput.Trim();
    }

    private static Task<ProcessResult> SqlAsync(string name, string password, string sql) =>
        ProcessRunner.RunAsync("docker", ["exec", "-e", "PGPASSWORD=" + password, ServiceResources.Container(name),
            "psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", Database(name), "-d", Database(name), "-c", sql]);

    /// <summary>redis-cli may answer an error (NOAUTH, WRONGPASS) with exit code 0: its output tells.</summary>
    private static Task<ProcessResult> RedisAsync(string name, string password, params string[] command) =>
        ProcessRunner.RunAsync("docker", ["exec", "-e", "REDISCLI_AUTH=" + password, ServiceResources.Container(name), "redis-cli", .. command]);

    private static string Database(string name) => name.Replace('-', '_');

    private static async Task<string> DockerAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("docker", arguments);
        Assert.True(result.ExitCode == 0, $"docker {arguments[0]}: {result}");
        return result.StandardOutput;
    }
}
