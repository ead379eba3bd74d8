using System.Text;
using OrleansPaas.Apps;
using OrleansPaas.Gateway.Git;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// What an SSH client asked for (sshd's <c>SSH_ORIGINAL_COMMAND</c>): git's receive-pack or
/// upload-pack of a valid app, a paas command (<c>apps:list</c>), or a refusal in one sentence.
/// Split into words here, never handed to a shell.
/// </summary>
public sealed record SshRemoteCommand(GitService? Git, AppName App, IReadOnlyList<string> CliArguments, string? Refusal)
{
    public const string Served =
        "OrleansPaas serves git push and git fetch or clone (git-receive-pack and git-upload-pack of APP.git) and paas commands such as apps:list over SSH, nothing else";

    public static SshRemoteCommand Parse(string? original)
    {
        if (!TrySplit(original ?? "", out var words, out var splitProblem))
        {
            return Refuse(splitProblem);
        }

        if (words.Count == 0)
        {
            return Refuse($"{Served}: push with 'git push paas@HOST:APP.git main' or run 'ssh paas@HOST apps:list'.");
        }

        // git sends "git-receive-pack 'blog.git'"; a few clients send "git receive-pack …".
        if (words.Count >= 2 && words[0] == "git")
        {
            words = ["git-" + words[1], .. words.Skip(2)];
        }

        if (!words[0].StartsWith("git", StringComparison.Ordinal))
        {
            return LocalFilesRefusal(words) is { } refusal ? Refuse(refusal) : new SshRemoteCommand(null, default, words, null);
        }

        var git = GitService.FromQuery(words[0]);
        if (git is null || words.Count != 2)
        {
            return Refuse($"{Served}.");
        }

        var repository = words[1].Trim('/');
        if (repository.StartsWith("~/", StringComparison.Ordinal))
        {
            repository = repository[2..];
        }

        return AppName.TryParseRepository(repository, out var app, out var error)
            ? new SshRemoteCommand(git, app, [], null)
            : Refuse($"{error}.");
    }

    private static SshRemoteCommand Refuse(string sentence) => new(null, default, [], sentence);

    /// <summary>The arguments that are not options (ssh-keys:add's options with a value are --role and --app).</summary>
    private static IEnumerable<string> Positional(IEnumerable<string> arguments)
    {
        var skipValue = false;
        foreach (var argument in arguments)
        {
            if (skipValue)
            {
                skipValue = false;
            }
            else if (argument is "--role" or "--app")
            {
                skipValue = true;
            }
            else if (argument == "-" || !argument.StartsWith('-'))
            {
                yield return argument;
            }
        }
    }

    /// <summary>
    /// Commands that read or write files or the terminal where the CLI runs: over SSH that is the node
    /// itself, as root, not the caller's machine. They are refused (a key given as <c>-</c> comes through
    /// the session). A service's export, import and console use the process's own standard streams, which
    /// on the node are its log: a dump would land in the journal, not with the caller.
    /// </summary>
    private static string? LocalFilesRefusal(IReadOnlyList<string> words)
    {
        var command = words[0];
        var localFiles = command is "platform:backup" or "certs:add" or "login" or "logout" or "completion"
            or "services:export" or "services:import" or "services:connect"
            || (command == "ssh-keys:add" && Positional(words.Skip(1)).ElementAtOrDefault(1) is { } file && file != "-");
        return localFiles
            ? $"'{command}' reads or writes files on the machine it runs on, which over SSH is the node: run it with paas on your own machine (ssh-keys:add takes the key as '-' on standard input)."
            : null;
    }

    /// <summary>Words as a POSIX shell would split them: blanks separate, quotes group, a backslash escapes.</summary>
    private static bool TrySplit(string text, out List<string> words, out string problem)
    {
        words = [];
        problem = "";
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                while (c == '"' && end > 0 && text[end - 1] == '\\')
                {
                    end = text.IndexOf(c, end + 1);
                }

                if (end < 0)
                {
                    problem = "The command has a quote that is never closed.";
                    return false;
                }

                var quoted = text[(i + 1)..end];
                word.Append(c == '"' ? quoted.Replace("\\\"", "\"").Replace("\\\\", "\\") : quoted);
                inWord = true;
                i = end;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return true;
    }
}
