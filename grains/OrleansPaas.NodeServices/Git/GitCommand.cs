using System.Diagnostics;

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
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing may wait for a person: no prompt, ssh in batch mode, and only the usual
        // transports (no ext:: or other helpers a buildpack URL could name).
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_ALLOW_PROTOCOL"] = "https:http:git:ssh:file";
        start.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        using var process = Process.Start(start)!;
        // A stopped build (its timeout) must not leave git running.
        using var stop = cancellationToken.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        });
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var error = (await stderr).Trim();
        return process.ExitCode == 0 ? null : error.Split('\n').LastOrDefault(l => l.Length > 0) ?? $"git exited with {process.ExitCode}";
    }
}
