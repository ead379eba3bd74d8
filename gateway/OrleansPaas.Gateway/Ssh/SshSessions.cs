using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansPaas.Access;
using OrleansPaas.Contracts.SshHelper;
using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Gateway.Git;
using OrleansPaas.Ssh;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// The node's half of every SSH login, one connection from a session helper each: sshd's key
/// question (answered from the cluster's keys, so a key added or removed on any node counts on
/// every node at once), or a forced-command session — git through the same <see cref="GitServing"/>
/// as smart HTTP, or a paas command run by the CLI itself against this node's API.
/// A key's role is checked by the same rule as a token's (<see cref="AccessRule"/>): a clone needs
/// read, a push deploy; paas commands run with the node's admin token, so they need an admin key.
/// Every session goes into the audit trail.
/// </summary>
public sealed partial class SshSessions(
    IGrainFactory grains,
    GitServing git,
    AdminToken token,
    HookEndpoint hook,
    SshLocations locations,
    IAuditTrail audit,
    ILogger<SshSessions> logger)
{
    private readonly IReadOnlyList<string> _self = SshHelperCommand.Helper();

    public async Task HandleAsync(Stream connection, CancellationToken nodeStopping)
    {
        var line = await ReadLineAsync(connection, nodeStopping);
        var request = line is null ? null : JsonSerializer.Deserialize(line, SshSessionJsonContext.Default.SshSessionRequest);
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
        var exitCode = await RunAsync(key, request.Command, AuditSource(request.Client), connection, output);
        await output.ExitAsync(exitCode);
    }

    private async Task<int> RunAsync(SshKey? key, string? original, string source, Stream input, SshSessionOutput output)
    {
        if (key is null)
        {
            return await FailAsync(output, "This SSH key is not added to OrleansPaas (or was removed); an admin adds it with 'paas ssh-keys:add NAME FILE'.");
        }

        var command = SshRemoteCommand.Parse(original);
        var principal = Principal(key);
        var action = command.Git is { } asked ? (asked == GitService.ReceivePack ? "push" : "clone") : $"ssh:{command.CliArguments.FirstOrDefault() ?? "-"}";
        var app = command.Git is null ? null : command.App.Value;
        var refusal = command.Refusal ?? AccessRule.Refusal(principal, Need(command));
        LogSession(logger, key.Name, key.Fingerprint, command.Git?.Name ?? command.CliArguments.FirstOrDefault() ?? "-", refusal is null);
        if (refusal is not null)
        {
            await audit.RecordAsync(new AuditRecord(principal.Name, source, action, app, "refused (ssh)", refusal));
            return await FailAsync(output, refusal.EndsWith('.') ? refusal : refusal + ".");
        }

        if (command.Git is { } service)
        {
            var outcome = "ok";
            var exitCode = await git.ServeAsync(command.App, service, statelessRpc: false, input, output.Stdout, output.ClientGone,
                pushOutcome: hook => outcome = hook) ?? 1;
            await audit.RecordAsync(new AuditRecord(principal.Name, source, action, app, exitCode == 0 ? outcome : $"failed (git exit {exitCode})"));
            return exitCode;
        }

        await audit.RecordAsync(new AuditRecord(principal.Name, source, action, null, "ok", "a paas command over SSH (its API calls are recorded as admin)"));

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
        return await OrleansPaas.Cli.PaasCommandLine.RunAsync([.. command.CliArguments], stdout, stderr, environment, output.ClientGone, stdin);
    }

    /// <summary>
    /// Where the trail says an SSH session came from: <c>ssh:ADDRESS</c>, the client's address as sshd
    /// gave it to the helper (only an address is taken: the helper runs as the SSH user), or <c>ssh</c>.
    /// </summary>
    private static string AuditSource(string? client) =>
        System.Net.IPAddress.TryParse(client, out var address) ? $"ssh:{address}" : "ssh";

    /// <summary>A key as every door sees a credential; a role that no longer parses reads as the least.</summary>
    private static PaasPrincipal Principal(SshKey key) =>
        new($"key:{key.Name}", PaasRoles.TryParse(key.Role, out var role) ? role : PaasRole.Read, key.CoveredApps);

    /// <summary>
    /// Git's need is the service's, as over HTTP; a paas command runs with the node's admin token
    /// (the CLI in this process against this node's API), so only an admin key may run one.
    /// </summary>
    private static AccessNeed Need(SshRemoteCommand command) => command.Git?.Needs(command.App) ?? AccessNeed.Admin;

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
