using OrleansPaas.NodeServices.Backup;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary><c>redis-cli</c> inside a Redis container, authenticated through the environment so the password is on no command line.</summary>
public sealed class RedisCli(ContainerCommands commands)
{
    public Task<ExecResult> RunAsync(string container, string password, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        commands.RunAsync(container, ["redis-cli", .. arguments], Environment(password), null, cancellationToken);

    /// <summary>PONG once the data set is loaded (a loading server answers LOADING).</summary>
    public async Task<bool> IsReadyAsync(string container, string password, CancellationToken cancellationToken) =>
        (await RunAsync(container, password, ["PING"], cancellationToken)).Output.Contains("PONG", StringComparison.Ordinal);

    /// <summary>A setting of the running server; fails with one sentence when it does not tell.</summary>
    public async Task<string> ConfigAsync(string container, string password, string name, CancellationToken cancellationToken) =>
        await TryConfigAsync(container, password, name, cancellationToken)
        ?? throw new BackupProblemException($"the Redis server did not tell its {name}");

    /// <summary>A setting of the running server, or null when it has no such setting (an older version).</summary>
    public async Task<string?> TryConfigAsync(string container, string password, string name, CancellationToken cancellationToken)
    {
        var result = await RunAsync(container, password, ["--raw", "CONFIG", "GET", name], cancellationToken);
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        return result.Succeeded && lines.Length >= 2 && lines[0] == name && lines[1].Length > 0 ? lines[1] : null;
    }

    private static Dictionary<string, string> Environment(string password) =>
        string.IsNullOrEmpty(password) ? [] : new() { ["REDISCLI_AUTH"] = password };
}
