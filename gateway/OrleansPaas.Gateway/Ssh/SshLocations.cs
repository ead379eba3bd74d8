using System.Security.Cryptography;
using System.Text;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// Where the node's sshd keeps its files. The host key and sshd_config live in the data folder
/// (only root reads them); the socket the session helpers reach the node on cannot, since they
/// run as the SSH user and the data folder is closed to everyone else: it lives under
/// <c>/run/orleanspaas</c>, named after the data folder so that several nodes on one machine do not meet.
/// </summary>
public sealed class SshLocations(DataPaths paths)
{
    public const string RuntimeDirectory = "/run/orleanspaas";

    /// <summary>sshd's privilege separation directory (Debian's sshd refuses to start without it).</summary>
    public const string PrivilegeSeparationDirectory = "/run/sshd";

    public const string Sshd = "/usr/sbin/sshd";

    public string Directory => paths.Ssh;

    public string ConfigFile => Path.Combine(Directory, "sshd_config");

    public string HostKey => Path.Combine(Directory, "ssh_host_ed25519_key");

    /// <summary>The pid of the sshd this node started, so a node that was killed can stop its orphan at the next start.</summary>
    public string PidFile => Path.Combine(Directory, "sshd.pid");

    public string Socket => Path.Combine(RuntimeDirectory,
        "ssh-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(paths.Root)))[..16] + ".sock");
}
