using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text.Json;
using OrleansPaas.Contracts.SshHelper;

namespace OrleansPaas.Cli.SshHelper;

/// <summary>
/// The session helper, started by sshd as the SSH user with a verb: the native <c>paas</c> where the
/// platform is installed (it starts in milliseconds; the node's own program, the fallback, takes a
/// few hundred, three times per login). It decides nothing: it names the key sshd authenticated, hands
/// the client's command and stdin to the node over the node's socket, and plays back what the node
/// sends (stdout, stderr, exit code). The node is asked on every login, so nothing is cached here.
/// </summary>
public static class SshSessionClient
{
    /// <summary>sshd's key question: <c>VERB SOCKET %f</c>, answered with authorized_keys lines.</summary>
    public const string AuthorizedKeysVerb = "ssh-authorized-keys";

    /// <summary>Every key's forced command: <c>VERB SOCKET FINGERPRINT</c>, the session itself.</summary>
    public const string CommandVerb = "ssh-command";

    public static bool Handles(string[] args) =>
        args.Length == 3 && args[0] is AuthorizedKeysVerb or CommandVerb;

    public static async Task<int> RunAsync(string[] args)
    {
        var (verb, socketPath, fingerprint) = (args[0], args[1], args[2]);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException ex)
        {
            await Console.Error.WriteLineAsync($"OrleansPaas is not answering on this machine ({socketPath}: {ex.Message}); try again once the node is up.");
            return 1;
        }

        await using var connection = new NetworkStream(socket, ownsSocket: false);
        var request = verb == AuthorizedKeysVerb
            ? new SshSessionRequest(SshSessionRequest.AuthorizedKeysVerb, fingerprint, null)
            : new SshSessionRequest(SshSessionRequest.CommandVerb, fingerprint, Environment.GetEnvironmentVariable("SSH_ORIGINAL_COMMAND"),
                Environment.GetEnvironmentVariable("SSH_CONNECTION")?.Split(' ')[0]);
        await connection.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(request, SshSessionJsonContext.Default.SshSessionRequest));
        await connection.WriteAsync("\n"u8.ToArray());

        await using var stdout = Console.OpenStandardOutput();
        if (verb == AuthorizedKeysVerb)
        {
            await connection.CopyToAsync(stdout);
            return 0;
        }

        _ = ForwardStdinAsync(socket, connection);
        await using var stderr = Console.OpenStandardError();
        return await PlayBackAsync(connection, stdout, stderr);
    }

    /// <summary>The client's stdin to the node, then a half-close so the node sees its end.</summary>
    private static async Task ForwardStdinAsync(Socket socket, Stream connection)
    {
        try
        {
            await using var stdin = Console.OpenStandardInput();
            await stdin.CopyToAsync(connection, 64 * 1024);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task<int> PlayBackAsync(Stream connection, Stream stdout, Stream stderr)
    {
        var header = new byte[SshFrames.HeaderLength];
        var payload = new byte[SshFrames.MaxPayload];
        try
        {
            while (true)
            {
                await connection.ReadExactlyAsync(header);
                var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
                if (length < 0 || length > SshFrames.MaxPayload)
                {
                    break;
                }

                await connection.ReadExactlyAsync(payload.AsMemory(0, length));
                switch (header[0])
                {
                    case SshFrames.Exit when length == 4:
                        return BinaryPrimitives.ReadInt32BigEndian(payload);
                    case SshFrames.Stdout:
                        await stdout.WriteAsync(payload.AsMemory(0, length));
                        await stdout.FlushAsync();
                        break;
                    case SshFrames.Stderr:
                        await stderr.WriteAsync(payload.AsMemory(0, length));
                        await stderr.FlushAsync();
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or SocketException)
        {
        }

        try
        {
            await stderr.WriteAsync("The connection to OrleansPaas was lost before the command finished.\n"u8.ToArray());
        }
        catch (IOException)
        {
            // The client is gone too (its Ctrl-C is why we are here).
        }

        return 1;
    }
}
