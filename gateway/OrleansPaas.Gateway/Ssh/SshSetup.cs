using OrleansPaas.NodeServices.Processes;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// Everything sshd needs before the node starts: the program, root, the SSH user and sshd's
/// directories; for the node's own sshd (Paas:Ssh:Listen) also the host key and the configuration.
/// Problems come back as one sentence each.
/// </summary>
public static class SshSetup
{
    private const UnixFileMode OpenDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static async Task<string?> PrepareAsync(PaasOptions options, CancellationToken cancellationToken)
    {
        if (!options.Ssh.Enabled)
        {
            return null;
        }

        // Which setting asked for SSH, for the sentences below.
        var setting = options.Ssh.OwnDaemon ? "Paas:Ssh:Listen is set" : "Paas:Ssh:SystemSshd is on";
        if (!File.Exists(SshLocations.Sshd) || !File.Exists("/usr/bin/ssh-keygen"))
        {
            return $"{setting} but OpenSSH's server is not installed ({SshLocations.Sshd}): apt-get install -y openssh-server.";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return $"{setting}: the node must run as root, since sshd switches to Paas:Ssh:User for every login.";
        }

        var locations = new SshLocations(new DataPaths(options));
        if (options.Ssh.OwnDaemon)
        {
            SshDaemon.StopLeftover(locations);
            if (PortTaken(options.Ssh.ListenEndPoint) is { } taken)
            {
                return $"Paas:Ssh:Listen {options.Ssh.Listen}: {taken}; choose another port or stop what listens there.";
            }
        }

        var (user, problem) = await SshSystemUser.EnsureAsync(options.Ssh.User, cancellationToken);
        if (user is null)
        {
            return problem;
        }

        Directory.CreateDirectory(locations.Directory, DataPaths.PrivateDirectory);
        foreach (var shared in new[] { SshLocations.PrivilegeSeparationDirectory, SshLocations.RuntimeDirectory })
        {
            // Set explicitly: the node runs with umask 077 (PrivateDataDir), and the SSH user must reach the socket inside.
            Directory.CreateDirectory(shared);
            File.SetUnixFileMode(shared, OpenDirectory);
        }

        return options.Ssh.OwnDaemon ? await PrepareOwnDaemonAsync(options, locations, user, cancellationToken) : null;
    }

    /// <summary>The own sshd's host key (generated into the data folder on the first start) and its configuration, checked by <c>sshd -t</c>.</summary>
    private static async Task<string?> PrepareOwnDaemonAsync(PaasOptions options, SshLocations locations, SshSystemUser user, CancellationToken cancellationToken)
    {
        if (!File.Exists(locations.HostKey))
        {
            var (exitCode, output) = await ShortProcess.RunAsync("ssh-keygen",
                ["-q", "-t", "ed25519", "-N", "", "-C", $"orleanspaas@{options.NodeName}", "-f", locations.HostKey], cancellationToken);
            if (exitCode != 0)
            {
                return $"The SSH host key could not be generated in {locations.Directory}: {OneLine(output)}.";
            }
        }

        var command = SshHelperCommand.AuthorizedKeysCommand(SshHelperCommand.Helper(), locations.Socket);
        await File.WriteAllTextAsync(locations.ConfigFile,
            SshdConfiguration.Text(options.Ssh.ListenEndPoint, locations.HostKey, user.Name, command), cancellationToken);
        File.SetUnixFileMode(locations.ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var (testCode, testOutput) = await ShortProcess.RunAsync(SshLocations.Sshd, ["-t", "-f", locations.ConfigFile], cancellationToken);
        return testCode == 0 ? null : $"sshd refuses the configuration the node wrote ({locations.ConfigFile}): {OneLine(testOutput)}.";
    }

    /// <summary>Found here, sshd would otherwise fail to bind and be started again and again.</summary>
    private static string? PortTaken(System.Net.IPEndPoint endPoint)
    {
        try
        {
            using var probe = new System.Net.Sockets.Socket(endPoint.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            probe.Bind(endPoint);
            return null;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            return ex.Message;
        }
    }

    private static string OneLine(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
}
