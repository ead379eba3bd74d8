using System.Net;
using System.Net.Sockets;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// The sshd_config the node writes at every start, and the system sshd's drop-in: keys only (no
/// passwords, no keyboard-interactive, no host-based), one user, no shell of its own (every key has a
/// forced command, from <c>AuthorizedKeysCommand</c> asking the node, so a key added on any node works
/// on every node at once), and no forwarding of any kind, no pty, no rc files, no sftp subsystem.
/// </summary>
public static class SshdConfiguration
{
    /// <summary>Where install.sh <c>--system-ssh</c> puts <see cref="SystemDropIn"/> (Debian's sshd_config includes this folder first).</summary>
    public const string SystemDropInPath = "/etc/ssh/sshd_config.d/orleanspaas.conf";

    /// <summary>The node's own sshd: <see cref="SessionRules"/> for its one user, and what only a whole server sets.</summary>
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
            PermitEmptyPasswords no
            # Without PAM: nothing of the system's login stack (motd, limits, loginuid) runs for a push.
            UsePAM no
            StrictModes yes
            PermitUserEnvironment no
            PrintMotd no
            PrintLastLog no
            # Each offered key starts the node's helper program: few unauthenticated logins at once.
            MaxStartups 4:50:20
            LoginGraceTime 20
            ClientAliveInterval 30
            ClientAliveCountMax 4
            LogLevel INFO

            """ + SessionRules(user, authorizedKeysCommand);
    }

    /// <summary>
    /// The system sshd's drop-in: <see cref="SessionRules"/> for <paramref name="user"/> only (everyone
    /// else's logins stay as the system has them). <c>Match all</c> at the end closes the block, so
    /// nothing included after this file is taken for the platform user's settings.
    /// </summary>
    public static string SystemDropIn(string user, string authorizedKeysCommand) =>
        $"""
        # Written by OrleansPaas (orleanspaas ssh-dropin, install.sh --system-ssh): git push {user}@host:app.git
        # on the system's sshd. Only logins as {user} are changed; install.sh --uninstall removes this file.
        Match User {user}

        """
        + string.Concat(SessionRules(user, authorizedKeysCommand).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"    {line}\n"))
        + "Match all\n";

    /// <summary>How the platform user's sessions go: the settings sshd takes both for a whole server and inside a <c>Match</c> block.</summary>
    private static string SessionRules(string user, string authorizedKeysCommand) => $"""
        AuthenticationMethods publickey
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        HostbasedAuthentication no
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
        Banner none
        # Each offered key starts the node's helper program: few tries.
        MaxAuthTries 3

        """;
}
