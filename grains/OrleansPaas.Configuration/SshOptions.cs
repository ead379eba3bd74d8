using System.Net;

namespace OrleansPaas.Configuration;

/// <summary>
/// <c>Paas:Ssh</c>: the node runs OpenSSH's own sshd on <see cref="Listen"/> (unset: no SSH), so
/// <c>git push paas@host:app.git</c> and <c>ssh paas@host apps:list</c> work with added keys.
/// </summary>
public sealed class SshOptions
{
    public const string DefaultUser = "paas";

    /// <summary><c>ADDRESS:PORT</c> such as <c>0.0.0.0:2222</c> or <c>[::]:2222</c>; unset or empty: no SSH.</summary>
    public string? Listen { get; set; }

    /// <summary>The remote user name (<c>paas@host</c>): a system user the node creates when it is missing.</summary>
    public string User { get; set; } = DefaultUser;

    public bool Enabled => !string.IsNullOrWhiteSpace(Listen);

    /// <summary>For validated settings: the address sshd listens on.</summary>
    public IPEndPoint ListenEndPoint => IPEndPoint.Parse(Listen!.Trim());
}
