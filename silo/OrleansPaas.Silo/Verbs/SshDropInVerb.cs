using OrleansPaas.Configuration;
using OrleansPaas.Gateway.Ssh;

namespace OrleansPaas.Silo.Verbs;

/// <summary>
/// <c>orleanspaas ssh-dropin</c>: prints the system sshd's <c>Match User</c> drop-in for this node (its
/// SSH user, this program as the key command, the session socket of its data folder). install.sh
/// <c>--system-ssh</c> writes it to <see cref="SshdConfiguration.SystemDropInPath"/>, so the text always
/// matches the installed program.
/// </summary>
public static class SshDropInVerb
{
    public static int Run(PaasOptions options)
    {
        var socket = new SshLocations(new DataPaths(options)).Socket;
        Console.Out.Write(SshdConfiguration.SystemDropIn(options.Ssh.User, SshHelperCommand.AuthorizedKeysCommand(SshHelperCommand.Helper(), socket)));
        return 0;
    }
}
