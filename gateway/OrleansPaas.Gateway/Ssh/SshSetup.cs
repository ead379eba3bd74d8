using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// Everything sshd needs before the node starts it (Paas:Ssh:Listen set): the program, root, the
/// SSH user, sshd's directories, the host key (generated into the data folder on the first start)
/// and the configuration, checked by <c>sshd -t</c>. Problems come back as one sentence each.
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

        if (!File.Exists(SshLocations.Sshd) || !File.Exists("/usr/bin/ssh-keygen"))
        {
            return $"Paas:Ssh:Listen is set but OpenSSH's server is not installed ({SshLocations.Sshd}): apt-get install -y openssh-server.";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "Paas:Ssh:Listen needs the node to run as root: sshd switches to Paas:Ssh:User for every login.";
        }

        var locations = new SshLocations(new DataPaths(options));
        SshDaemon.StopLeftover(locations);
        if (PortTaken(options.Ssh.ListenEndPoint) is { } taken)
        {
            return $"Paas:Ssh:Listen {options.Ssh.Listen}: {taken}; choose another port or stop what listens there.";
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

        if (!File.Exists(locations.HostKey))
        {
            var (exitCode, output) = await ProcessOutput.RunAsync("ssh-keygen",
                ["-q", "-t", "ed25519", "-N", "", "-C", $"orleanspaas@{options.NodeName}", "-f", locations.HostKey], cancellationToken);
            if (exitCode != 0)
            {
                return $"The SSH host key could not be generated in {locations.Directory}: {OneLine(output)}.";
            }
        }

        var command = SshHelperCommand.AuthorizedKeysCommand(SshHelperCommand.Self(), locations.Socket);
        await File.WriteAllTextAsync(locations.ConfigFile,
            SshdConfiguration.Text(options.Ssh.ListenEndPoint, locations.HostKey, user.Name, command), cancellationToken);
        File.SetUnixFileMode(locations.ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var (testCode, testOutput) = await ProcessOutput.RunAsync(SshLocations.Sshd, ["-t", "-f", locations.ConfigFile], cancellationToken);
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
