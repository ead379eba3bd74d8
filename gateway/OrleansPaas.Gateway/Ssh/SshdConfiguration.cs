using System.Net;
using System.Net.Sockets;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// The sshd_config the node writes at every start: keys only (no passwords, no keyboard-interactive,
/// no host-based), one user, no shell of its own (every key has a forced command, from
/// <c>AuthorizedKeysCommand</c> asking the node, so a key added on any node works on every node at
/// once), and no forwarding of any kind, no pty, no rc files, no sftp subsystem.
/// </summary>
public static class SshdConfiguration
{
    public static string Text(IPEndPoint listen, string hostKey, string user, string authorizedKeysCommand)
    {
        var address = listen.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{listen.Address}]:{listen.Port}" : $"{listen.Address}:{listen.Port}";
        return $"""
            # Written by OrleansPaas at every start (Paas:Ssh); changes made here are overwritten.
            ListenAddress {address}
            HostKey {hostKey}
            PidFile none
            AllowUsers {user}
            PermitRootLogin no
            AuthenticationMethods publickey
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            HostbasedAuthentication no
            PermitEmptyPasswords no
            # Without PAM: nothing of the system's login stack (motd, limits, loginuid) runs for a push.
            UsePAM no
            StrictModes yes
            AuthorizedKeysFile none
            AuthorizedKeysCommand {authorizedKeysCommand}
            AuthorizedKeysCommandUser {user}
            DisableForwarding yes
            AllowTcpForwarding no
            AllowStreamLocalForwarding no
            AllowAgentForwarding no
            X11Forwarding no
            PermitTunnel no
            PermitTTY no
            PermitUserRC no
            PermitUserEnvironment no
            PrintMotd no
            PrintLastLog no
            Banner none
            # Each offered key starts the node's helper program: few tries, few unauthenticated logins at once.
            MaxAuthTries 3
            MaxStartups 4:50:20
            LoginGraceTime 20
            ClientAliveInterval 30
            ClientAliveCountMax 4
            LogLevel INFO

            """;
    }
}
