namespace OrleansPaas.Tests.Support;

/// <summary>
/// A postgres or redis container of the offline stand-in images (tests/fixtures/make-*-image.sh, made
/// here when missing), started with the docker CLI as a service would be, removed with its volumes on dispose.
/// </summary>
public sealed class StandInServiceContainer : IAsyncDisposable
{
    public const string PostgresImage = "paas-test/postgres:17-alpine";
    public const string RedisImage = "paas-test/redis:7-alpine";
    private static readonly SemaphoreSlim ImageGate = new(1, 1);

    private StandInServiceContainer(string id, string image, string password)
    {
        Id = id;
        Image = image;
        Password = password;
    }

    public string Id { get; }
    public string Image { get; }
    public string Password { get; }

    public static async Task<StandInServiceContainer> StartPostgresAsync(string user, string database)
    {
        await EnsureImageAsync("make-postgres-image.sh", PostgresImage);
        var password = Guid.NewGuid().ToString("N");
        var container = await RunAsync(PostgresImage, password,
            ["-e", "POSTGRES_PASSWORD=" + password, "-e", "POSTGRES_USER=" + user, "-e", "POSTGRES_DB=" + database], []);
        await Poll.UntilAsync(async () => (await container.ExecAsync("pg_isready", "-q", "-h", "127.0.0.1", "-U", user, "-d", database)).ExitCode == 0,
            TimeSpan.FromSeconds(90), "the postgres stand-in to accept connections");
        return container;
    }

    /// <summary>A redis server with a password; <paramref name="serviceCommand"/> starts it as the platform starts a service (append-only on).</summary>
    public static async Task<StandInServiceContainer> StartRedisAsync(Func<string, IReadOnlyList<string>>? serviceCommand = null)
    {
        await EnsureImageAsync("make-redis-image.sh", RedisImage);
        var password = Guid.NewGuid().ToString("N");
        var container = await RunAsync(RedisImage, password, [], serviceCommand?.Invoke(password).ToArray() ?? ["--requirepass", password]);
        await Poll.UntilAsync(async () => (await container.RedisAsync("PING")).Output.Contains("PONG"),
            TimeSpan.FromSeconds(60), "the redis stand-in to answer");
        return container;
    }

    public Task<ProcessResult> ExecAsync(params string[] command) =>
        ProcessRunner.RunAsync("docker", ["exec", Id, .. command], timeout: TimeSpan.FromMinutes(10));

    /// <summary>psql on the container's socket: one value per line, fields split by '|'.</summary>
    public Task<ProcessResult> SqlAsync(string user, string database, string sql) =>
        ExecAsync("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", database, "-c", sql);

    public Task<ProcessResult> RedisAsync(params string[] command) =>
        ProcessRunner.RunAsync("docker", ["exec", "-e", "REDISCLI_AUTH=" + Password, Id, "redis-cli", .. command]);

    private static async Task<StandInServiceContainer> RunAsync(string image, string password, string[] options, string[] command)
    {
        var run = await ProcessRunner.RunAsync("docker",
            ["run", "-d", "--label", "paas.test=service-backups", .. options, image, .. command]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return new StandInServiceContainer(run.StandardOutput.Trim(), image, password);
    }

    public static async Task EnsureImageAsync(string script, string image)
    {
        await ImageGate.WaitAsync();
        try
        {
            var result = await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "tests", "fixtures", script), image], timeout: TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, $"could not make {image}: {result.Output}");
        }
        finally
        {
            ImageGate.Release();
        }
    }

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("docker", ["rm", "-fv", Id]);
}
