using System.CommandLine;
using System.Globalization;
using System.Net.WebSockets;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary>
/// <c>paas services:connect NAME</c>: psql (PostgreSQL) or redis-cli (Redis) in the service's container with
/// this terminal's stdin and stdout. On a terminal the client gets one (raw mode here, prompts there); with
/// input or output redirected it reads a script (<c>echo 'SELECT 1' | paas services:connect db</c>). Its exit
/// code becomes ours.
/// </summary>
internal static class ServicesConnectCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var command = new Command("services:connect", "Run psql or redis-cli in the service's container with this terminal") { name };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var service = parseResult.GetRequiredValue(name);
            var tty = !Console.IsInputRedirected && !Console.IsOutputRedirected;
            using var client = context.CreateClient();
            // An unknown service is refused with the API's own sentence before any terminal is touched.
            await client.GetServiceAsync(service, ct);
            using var socket = await client.OpenServiceConsoleAsync(service, tty, ct);
            using var raw = tty ? RawTerminal.Enter() : null;
            _ = CopyInputAsync(socket, ct);
            // A close without an exit code carries the sentence why (a relaying node lost the service's node), if any.
            return await CopyOutputAsync(socket, ct)
                ?? context.Fail(socket.CloseStatusDescription is { Length: > 0 } why && socket.CloseStatus != System.Net.WebSockets.WebSocketCloseStatus.NormalClosure
                    ? why
                    : "the session ended without an exit code; the connection to OrleansPaas was cut");
        });
        return command;
    }

    /// <summary>Our stdin → the remote client, then the end of input. Not awaited: a terminal's read only ends with the process.</summary>
    private static async Task CopyInputAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            await using var stdin = Console.OpenStandardInput();
            int read;
            while ((read = await stdin.ReadAsync(buffer, ct)) > 0)
            {
                await socket.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, endOfMessage: true, ct);
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "end of input", ct);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The session ended first.
        }
    }

    /// <summary>The remote stdout/stderr to ours until the server closes; its close says the exit code (null if it never did).</summary>
    private static async Task<int?> CopyOutputAsync(ClientWebSocket socket, CancellationToken ct)
    {
        await using var stdout = Console.OpenStandardOutput();
        await using var stderr = Console.OpenStandardError();
        var buffer = new byte[64 * 1024];
        // The stream of the message being read; null before its first fragment.
        Stream? target = null;
        try
        {
            while (true)
            {
                var message = await socket.ReceiveAsync(buffer, ct);
                if (message.MessageType == WebSocketMessageType.Close)
                {
                    var description = socket.CloseStatusDescription ?? "";
                    return description.StartsWith("exit ", StringComparison.Ordinal)
                        && int.TryParse(description.AsSpan(5), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
                }

                // The first byte of each message says the stream. A message may arrive in several fragments
                // (a receive returns what has come, e.g. one TLS record): only the first carries that byte.
                var skip = 0;
                if (target is null && message.Count > 0)
                {
                    target = buffer[0] == 2 ? stderr : stdout;
                    skip = 1;
                }

                if (target is not null && message.Count > skip)
                {
                    await target.WriteAsync(buffer.AsMemory(skip, message.Count - skip), ct);
                    await target.FlushAsync(ct);
                }

                if (message.EndOfMessage)
                {
                    target = null;
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }
}
