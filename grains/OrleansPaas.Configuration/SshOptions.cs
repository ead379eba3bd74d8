using System.Net;

namespace OrleansPaas.Configuration;

/// <summary>
/// <c>Paas:Ssh</c>: the node runs OpenSSH's own sshd on <see cref="Listen"/>, or serves the system's
/// sshd through a <c>Match User</c> drop-in (<see cref="SystemSshd"/>), or both (neither: no SSH), so
/// <c>git push paas@host:app.git</c> and <c>ssh paas@host apps:list</c> work with added keys.
/// </summary>
public sealed class SshOptions
{
    public const string DefaultUser = "paas";

    /// <summary><c>ADDRESS:PORT</c> such as <c>0.0.0.0:2222</c> or <c>[::]:2222</c>; unset or empty: no SSH.</summary>
    public string? Listen { get; set; }

    /// <summary>The remote user name (<c>paas@host</c>): a system user the node creates when it is missing.</summary>
    public string User { get; set; } = DefaultUser;

    /// <summary>
    /// The system's own sshd (port 22) sends <see cref="User"/>'s logins to the node through the drop-in
    /// <c>orleanspaas ssh-dropin</c> prints (install.sh <c>--system-ssh</c> writes it): the node keeps
    /// the user and the session socket, and runs no sshd of its own unless <see cref="Listen"/> is set.
    /// </summary>
    public bool SystemSshd { get; set; }

    /// <summary>The node runs its own sshd child.</summary>
    public bool OwnDaemon => !string.IsNullOrWhiteSpace(Listen);

    /// <summary>Some sshd hands logins to the node: its user and session socket are needed.</summary>
    public bool Enabled => OwnDaemon || SystemSshd;

    /// <summary>For validated settings: the address sshd listens on.</summary>
    public IPEndPoint ListenEndPoint => IPEndPoint.Parse(Listen!.Trim());
}
