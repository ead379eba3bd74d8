using OrleansPaas.NodeServices.Processes;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// The system user SSH clients log in as (<c>Paas:Ssh:User</c>). sshd needs it to exist; the node
/// creates it when missing (a system user, shell <c>/bin/sh</c> since sshd runs every forced command
/// through the user's shell, and password <c>*</c>: no password login, yet not "locked", which sshd
/// without PAM would refuse even for keys).
/// </summary>
public sealed record SshSystemUser(string Name, int UserId, string Home, string Shell)
{
    /// <summary>Debian's and Ubuntu's UID_MIN: below it, system users; from it on, people.</summary>
    public const int FirstPersonsUserId = 1000;

    /// <summary>The user as <c>getent passwd</c> knows it, or null.</summary>
    public static async Task<SshSystemUser?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await ShortProcess.RunAsync("getent", ["passwd", name], cancellationToken);
        var fields = output.Trim().Split(':');
        return exitCode == 0 && fields.Length >= 7 && int.TryParse(fields[2], out var uid)
            ? new SshSystemUser(name, uid, fields[5], fields[6])
            : null;
    }

    /// <summary>Finds or creates the user; null and a sentence when it cannot be used.</summary>
    public static async Task<(SshSystemUser? User, string? Problem)> EnsureAsync(string name, CancellationToken cancellationToken)
    {
        var user = await FindAsync(name, cancellationToken);
        if (user is null)
        {
            var (exitCode, output) = await ShortProcess.RunAsync("useradd",
                ["--system", "--create-home", "--home-dir", $"/home/{name}", "--shell", "/bin/sh", "--password", "*",
                 "--comment", "OrleansPaas git over SSH", name], cancellationToken);
            user = await FindAsync(name, cancellationToken);
            if (user is null)
            {
                return (null, $"Paas:Ssh:User '{name}' does not exist and could not be created ({(exitCode == 0 ? "useradd made no user" : output.Trim())}); "
                    + $"create it with 'useradd --system --create-home --shell /bin/sh --password \"*\" {name}' as root.");
            }
        }

        // Every key of the user's becomes the platform's (its own authorized_keys are ignored): a person's
        // account (Debian and Ubuntu number them from 1000) would lose its own SSH logins.
        if (user.UserId >= FirstPersonsUserId)
        {
            return (null, $"Paas:Ssh:User '{name}' is a person's account (uid {user.UserId}), whose own SSH logins the platform would take over; "
                + "choose a name of its own (the node creates it as a system user).");
        }

        if (user.Shell.EndsWith("nologin", StringComparison.Ordinal) || user.Shell.EndsWith("/false", StringComparison.Ordinal))
        {
            return (null, $"Paas:Ssh:User '{name}' has the shell {user.Shell}, through which sshd cannot run the platform's command; "
                + $"give it /bin/sh (usermod --shell /bin/sh {name}).");
        }

        return (user, null);
    }
}
