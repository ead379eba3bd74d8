using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Gateway.Git;
using OrleansPaas.Ssh;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// The node's half of every SSH login, one connection from a session helper each: sshd's key
/// question (answered from the cluster's keys, so a key added or removed on any node counts on
/// every node at once), or a forced-command session — git through the same <see cref="GitServing"/>
/// as smart HTTP, or a paas command run by the CLI itself against this node's API.
/// Every key acts as admin today; its role is stored for when roles are enforced.
/// </summary>
public sealed partial class SshSessions(
    IGrainFactory grains,
    GitServing git,
    AdminToken token,
    HookEndpoint hook,
    SshLocations locations,
    ILogger<SshSessions> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlyList<string> _self = SshHelperCommand.Self();

    public async Task HandleAsync(Stream connection, CancellationToken nodeStopping)
    {
        var line = await ReadLineAsync(connection, nodeStopping);
        var request = line is null ? null : JsonSerializer.Deserialize<SshSessionRequest>(line, Json);
        if (request is null)
        {
            return;
        }

        var key = await grains.GetGrain<ISshKeysGrain>(0).FindAsync(request.Fingerprint);
        if (request.Verb == SshSessionRequest.AuthorizedKeysVerb)
        {
            if (key is not null)
            {
                var entry = SshHelperCommand.AuthorizedKeysLine(_self, locations.Socket, key.Fingerprint, key.AuthorizedKeysEntry);
                await connection.WriteAsync(Encoding.UTF8.GetBytes(entry + "\n"), nodeStopping);
            }

            return;
        }

        using var output = new SshSessionOutput(connection, nodeStopping);
        var exitCode = await RunAsync(key, request.Command, connection, output);
        await output.ExitAsync(exitCode);
    }

    private async Task<int> RunAsync(SshKey? key, string? original, Stream input, SshSessionOutput output)
    {
        if (key is null)
        {
            return await FailAsync(output, "This SSH key is not added to OrleansPaas (or was removed); an admin adds it with 'paas ssh-keys:add NAME FILE'.");
        }

        var command = SshRemoteCommand.Parse(original);
        LogSession(logger, key.Name, key.Fingerprint, command.Git?.Name ?? command.CliArguments.FirstOrDefault() ?? "-", command.Refusal is null);
        if (command.Refusal is { } refusal)
        {
            return await FailAsync(output, refusal);
        }

        if (command.Git is { } service)
        {
            return await git.ServeAsync(command.App, service, statelessRpc: false, input, output.Stdout, output.ClientGone) ?? 1;
        }

        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        await using var stdout = new StreamWriter(output.Stdout, utf8) { AutoFlush = true };
        await using var stderr = new StreamWriter(output.Stderr, utf8) { AutoFlush = true };
        using var stdin = new StreamReader(input, utf8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // The CLI itself, in this process, against this node's API: one copy of every command.
            ["PAAS_URL"] = $"http://{hook.HostHeader}",
            ["PAAS_TOKEN"] = token.Value,
        };
        return await OrleansPaas.Cli.Program.RunAsync([.. command.CliArguments], stdout, stderr, environment, output.ClientGone, stdin);
    }

    private static async Task<int> FailAsync(SshSessionOutput output, string sentence)
    {
        await output.WriteAsync(SshFrames.Stderr, Encoding.UTF8.GetBytes(sentence + "\n"), CancellationToken.None);
        return 1;
    }

    /// <summary>The request line, read a byte at a time so that nothing after it (git's data) is taken from the socket.</summary>
    private static async Task<string?> ReadLineAsync(Stream connection, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(256);
        var one = new byte[1];
        while (bytes.Count < SshSessionRequest.MaxLength)
        {
            if (await connection.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString([.. bytes]);
            }

            bytes.Add(one[0]);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SSH key {Key} ({Fingerprint}) asked for {Command} (served: {Served})")]
    private static partial void LogSession(ILogger logger, string key, string fingerprint, string command, bool served);
}
