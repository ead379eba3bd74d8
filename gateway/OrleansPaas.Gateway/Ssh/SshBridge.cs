using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// The Unix socket the session helpers reach this node on (<see cref="SshLocations.Socket"/>). Any
/// local user may connect, so who connected is asked of the kernel: only the SSH user (the helpers
/// sshd starts) and root are served, and the key fingerprint a helper names is believed because
/// only sshd, after the key's signature checked out, runs a helper as that user.
/// </summary>
public sealed partial class SshBridge(IOptions<PaasOptions> options, SshLocations locations, SshSessions sessions, ILogger<SshBridge> logger)
    : BackgroundService
{
    private const UnixFileMode AnyoneMayConnect = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead
        | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Ssh.Enabled)
        {
            return;
        }

        var user = await SshSystemUser.FindAsync(options.Value.Ssh.User, stoppingToken)
            ?? throw new InvalidOperationException($"the SSH user '{options.Value.Ssh.User}' does not exist");
        File.Delete(locations.Socket);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(locations.Socket));
        File.SetUnixFileMode(locations.Socket, AnyoneMayConnect);
        listener.Listen(128);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(stoppingToken);
                _ = ServeAsync(client, user.UserId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            File.Delete(locations.Socket);
        }
    }

    private async Task ServeAsync(Socket client, int sshUserId, CancellationToken stoppingToken)
    {
        await using var connection = new NetworkStream(client, ownsSocket: true);
        var peer = PeerCredentials.UserId(client);
        if (peer != sshUserId && peer != 0)
        {
            LogRefusedPeer(logger, peer);
            return;
        }

        try
        {
            await sessions.HandleAsync(connection, stoppingToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The client went away; its session has nothing left to say.
        }
        catch (Exception ex)
        {
            LogSessionFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a connection to the SSH socket from user id {UserId}: only the SSH user and root are served")]
    private static partial void LogRefusedPeer(ILogger logger, int? userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "An SSH session failed")]
    private static partial void LogSessionFailed(ILogger logger, Exception exception);
}
