using System.Reflection;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// The node's own program run by sshd with a verb: <see cref="AuthorizedKeysVerb"/> as the
/// <c>AuthorizedKeysCommand</c> and <see cref="CommandVerb"/> as every key's forced command. Both
/// only carry bytes between sshd and the node (<see cref="SshSessionClient"/>); the node decides.
/// </summary>
public static class SshHelperCommand
{
    public const string AuthorizedKeysVerb = "ssh-authorized-keys";
    public const string CommandVerb = "ssh-command";

    /// <summary>This very program: its apphost, or <c>dotnet</c> and its dll when started that way.</summary>
    public static IReadOnlyList<string> Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the node's own program path is unknown");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, Assembly.GetEntryAssembly()!.Location]
            : [process];
    }

    /// <summary>The <c>AuthorizedKeysCommand</c> line: sshd splits it into words itself (double quotes group) and fills in <c>%f</c>.</summary>
    public static string AuthorizedKeysCommand(IReadOnlyList<string> self, string socket) =>
        string.Join(' ', self.Append(AuthorizedKeysVerb).Append(socket).Select(w => w.Contains(' ') ? $"\"{w}\"" : w).Append("%f"));

    /// <summary>
    /// The forced command of a key, as it goes into <c>command="…"</c>: sshd runs it through the
    /// user's shell, so every word is single-quoted; sshd's option reader unescapes only <c>\"</c>.
    /// </summary>
    public static string ForcedCommand(IReadOnlyList<string> self, string socket, string fingerprint) =>
        string.Join(' ', self.Append(CommandVerb).Append(socket).Append(fingerprint).Select(ShellQuote))
            .Replace("\"", "\\\"");

    /// <summary>The line sshd reads for a key: no forwarding, no pty, no rc files, only the platform's command.</summary>
    public static string AuthorizedKeysLine(IReadOnlyList<string> self, string socket, string fingerprint, string keyEntry) =>
        $"restrict,command=\"{ForcedCommand(self, socket, fingerprint)}\" {keyEntry}";

    private static string ShellQuote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
