using System.ComponentModel;
using System.Diagnostics;

namespace OrleansPaas.Cli.Checkout;

/// <summary>
/// Reads a checkout's remotes through git itself (not by parsing <c>.git/config</c>), so worktrees,
/// includes and <c>url.*.insteadOf</c> rewrites come out as git would use them.
/// </summary>
internal static class GitRemotes
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The remotes of the checkout around <paramref name="directory"/>; none outside a checkout or without git.</summary>
    public static IReadOnlyList<GitRemote> Read(string directory)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // `remote get-url` would apply insteadOf too, but takes one name per call; ls-remote would talk to the server.
        foreach (var argument in new[] { "config", "--get-regexp", @"^remote\..*\.url$" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(Timeout))
            {
                git.Kill();
                return [];
            }

            // Exit 1: no remote at all; 128: not a checkout. Either way, nothing to infer from.
            return git.ExitCode == 0 ? Parse(output.Result) : [];
        }
        catch (Win32Exception)
        {
            // No git on this machine: no checkout to read either.
            return [];
        }
    }

    /// <summary>Lines of <c>remote.NAME.url URL</c>; a remote's name may itself contain dots.</summary>
    public static IReadOnlyList<GitRemote> Parse(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2 && parts[0].StartsWith("remote.", StringComparison.Ordinal) && parts[0].EndsWith(".url", StringComparison.Ordinal))
            .Select(parts => new GitRemote(parts[0]["remote.".Length..^".url".Length], parts[1].Trim()))
            .ToList();
}
