using System.Diagnostics;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Runs a git plumbing command with streams on its stdin and stdout (packs go through here, so
/// nothing is buffered) and an environment of its own. Arguments are a list, never a shell string.
/// </summary>
public static class GitPipe
{
    /// <summary>Null on success, else git's last error line.</summary>
    public static async Task<string?> RunAsync(
        string repositoryPath,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken,
        Stream? input = null,
        Stream? output = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repositoryPath,
        };
        start.Environment["GIT_DIR"] = repositoryPath;
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        using var abort = cancellationToken.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        });
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var feed = GitProcess.FeedAsync(input, process.StandardInput.BaseStream, cancellationToken);
        if (output is null)
        {
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
        }
        else
        {
            await process.StandardOutput.BaseStream.CopyToAsync(output, 64 * 1024, cancellationToken);
        }

        await feed;
        await process.WaitForExitAsync(cancellationToken);
        var error = (await errors).Trim();
        return process.ExitCode == 0 ? null : error.Split('\n').LastOrDefault(l => l.Length > 0) ?? $"git {arguments[0]} exited with {process.ExitCode}";
    }

    /// <summary>Runs a command that prints one line (e.g. <c>rev-parse</c>); null when it fails.</summary>
    public static async Task<string?> ReadLineAsync(string repositoryPath, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        var error = await RunAsync(repositoryPath, arguments, cancellationToken, output: output);
        return error is null ? System.Text.Encoding.UTF8.GetString(output.ToArray()).Trim() : null;
    }
}
