using System.Reflection;
using OrleansPaas.Cli.SshHelper;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// The session helper sshd runs with a verb: <see cref="SshSessionClient.AuthorizedKeysVerb"/> as the
/// <c>AuthorizedKeysCommand</c> and <see cref="SshSessionClient.CommandVerb"/> as every key's forced
/// command. It only carries bytes between sshd and the node (<see cref="SshSessionClient"/>); the node decides.
/// </summary>
public static class SshHelperCommand
{
    /// <summary>
    /// The helper: the native <c>paas</c> that deploy/install.sh puts beside the node (<c>PREFIX/cli/paas</c>
    /// next to <c>PREFIX/node</c>), which starts in milliseconds; else the node's own program, which takes
    /// a few hundred (bench: three starts per SSH login made an SSH push ~2 s slower than an HTTP one).
    /// </summary>
    public static IReadOnlyList<string> Helper() => Helper(AppContext.BaseDirectory);

    /// <summary><see cref="Helper()"/> for a node program in <paramref name="nodeDirectory"/>.</summary>
    public static IReadOnlyList<string> Helper(string nodeDirectory)
    {
        var native = Path.GetFullPath(Path.Combine(nodeDirectory, "..", "cli", "paas"));
        return File.Exists(native) && !File.Exists(native + ".dll") && NoOneElseCanReplace(native) ? [native] : Self();
    }

    /// <summary>
    /// sshd runs an <c>AuthorizedKeysCommand</c> only when neither it nor any folder above it is writable
    /// by group or others (a prefix under /tmp is): there the node's own program, started through the
    /// root-owned <c>dotnet</c>, is the helper that works. (Ownership is sshd's other rule; .NET does not
    /// expose a file's owner, and the installer publishes as root.)
    /// </summary>
    private static bool NoOneElseCanReplace(string path)
    {
        for (var current = path; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if ((File.GetUnixFileMode(current) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>This very program: its apphost, or <c>dotnet</c> and its dll when started that way.</summary>
    public static IReadOnlyList<string> Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the node's own program path is unknown");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, Assembly.GetEntryAssembly()!.Location]
            : [process];
    }

    /// <summary>The <c>AuthorizedKeysCommand</c> line: sshd splits it into words itself (double quotes group) and fills in <c>%f</c>.</summary>
    public static string AuthorizedKeysCommand(IReadOnlyList<string> helper, string socket) =>
        string.Join(' ', helper.Append(SshSessionClient.AuthorizedKeysVerb).Append(socket).Select(w => w.Contains(' ') ? $"\"{w}\"" : w).Append("%f"));

    /// <summary>
    /// The forced command of a key, as it goes into <c>command="…"</c>: sshd runs it through the
    /// user's shell, so every word is single-quoted; sshd's option reader unescapes only <c>\"</c>.
    /// </summary>
    public static string ForcedCommand(IReadOnlyList<string> helper, string socket, string fingerprint) =>
        string.Join(' ', helper.Append(SshSessionClient.CommandVerb).Append(socket).Append(fingerprint).Select(ShellQuote))
            .Replace("\"", "\\\"");

    /// <summary>The line sshd reads for a key: no forwarding, no pty, no rc files, only the platform's command.</summary>
    public static string AuthorizedKeysLine(IReadOnlyList<string> helper, string socket, string fingerprint, string keyEntry) =>
        $"restrict,command=\"{ForcedCommand(helper, socket, fingerprint)}\" {keyEntry}";

    private static string ShellQuote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
