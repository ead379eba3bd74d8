using System.Net.WebSockets;
using Docker.DotNet;
using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.NodeServices.Services.Transfers;

/// <summary>
/// <c>services:connect</c>: the service's own client (psql, redis-cli) run by <c>docker exec</c> in its
/// container, its stdin, stdout and stderr carried by a WebSocket. From the client, each binary message is
/// input, and its close is the end of input; to the client, each binary message is output whose first byte
/// says which stream (1 stdout, 2 stderr), and the close's description is <c>exit N</c>, the client's exit code.
/// With <c>tty</c> the client gets a terminal (prompts, line editing) and everything comes as stdout.
/// </summary>
public sealed class ServiceConsole(ContainerCommands commands)
{
    public const byte StandardOutput = 1;
    public const byte StandardError = 2;

    /// <summary>How long the end of input may take to arrive once the client's process has ended.</summary>
    private static readonly TimeSpan InputDrain = TimeSpan.FromSeconds(5);

    public async Task<long> RunAsync(ServiceBackupSource source, bool tty, WebSocket socket, CancellationToken cancellationToken)
    {
        var (command, environment) = source.Kind == "postgres"
            ? (new List<string> { "psql" }, new List<string> { $"PGUSER={source.User}", $"PGDATABASE={source.Database}" })
            // redis-cli reads the password from the environment, so it is not on a command line.
            : (["redis-cli"], [$"REDISCLI_AUTH={source.Password}"]);
        if (tty)
        {
            environment.Add("TERM=xterm");
        }

        var exec = await commands.Client.Exec.ExecCreateContainerAsync(source.ContainerId, new Docker.DotNet.Models.ContainerExecCreateParameters
        {
            Cmd = command,
            Env = environment,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            Tty = tty,
        }, cancellationToken);
        using var stream = await commands.Client.Exec.StartAndAttachContainerExecAsync(exec.ID, tty, cancellationToken);
        var input = CopyInputAsync(socket, stream, cancellationToken);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 1, buffer.Length - 1, cancellationToken);
            if (read.EOF)
            {
                break;
            }

            buffer[0] = read.Target == MultiplexedStream.TargetStream.StandardError ? StandardError : StandardOutput;
            await socket.SendAsync(buffer.AsMemory(0, read.Count + 1), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }

        var exitCode = (await commands.Client.Exec.InspectContainerExecAsync(exec.ID, cancellationToken)).ExitCode;
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, $"exit {exitCode}", cancellationToken);
        try
        {
            await input.WaitAsync(InputDrain, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The client never closed its side: it has the exit code; nothing more to wait for.
        }

        return exitCode;
    }

    /// <summary>Client → stdin until the client closes (or goes): then stdin is closed, so the process sees the end of its input.</summary>
    private static async Task CopyInputAsync(WebSocket socket, MultiplexedStream stream, CancellationToken cancellationToken)
    {
        try
        {
            await WebSocketInput.CopyUntilClosedAsync(socket, (data, _, token) => stream.WriteAsync(data.Array!, data.Offset, data.Count, token), cancellationToken);
        }
        finally
        {
            stream.CloseWrite();
        }
    }
}
