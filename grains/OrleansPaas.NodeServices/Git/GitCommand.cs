using OrleansPaas.NodeServices.Processes;

namespace OrleansPaas.NodeServices.Git;

/// <summary>
/// Runs a short git command (init, clone, checkout) with an argument list, never a shell string,
/// and never waiting for a password prompt.
/// </summary>
public static class GitCommand
{
    /// <summary>Null on success, else git's last error line.</summary>
    public static async Task<string?> RunAsync(IEnumerable<string> arguments, string? workingDirectory, CancellationToken cancellationToken)
    {
        var result = await ShortProcess.RunAsync("git", arguments, cancellationToken, workingDirectory: workingDirectory, environment: Unattended);
        // git's habit: the reason is its last error line.
        return result.Succeeded ? null : result.Error.Trim().Split('\n').LastOrDefault(l => l.Length > 0) ?? $"git exited with {result.ExitCode}";
    }

    // Nothing may wait for a person: no prompt, ssh in batch mode, and only the usual
    // transports (no ext:: or other helpers a buildpack URL could name).
    private static readonly Dictionary<string, string> Unattended = new(StringComparer.Ordinal)
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_ALLOW_PROTOCOL"] = "https:http:git:ssh:file",
        ["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes",
    };
}
