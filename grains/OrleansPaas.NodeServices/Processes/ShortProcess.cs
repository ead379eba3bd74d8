using System.Diagnostics;

namespace OrleansPaas.NodeServices.Processes;

/// <summary>
/// Runs a short system program (git, iptables, getent, ssh-keygen, sshd -t) with an argument list,
/// never a shell string; the one place the node starts such a program and collects what it said.
/// </summary>
public static class ShortProcess
{
    /// <summary>The exit code of a program that could not be started at all (as a shell reports it).</summary>
    public const int NotFound = 127;

    /// <summary>
    /// Runs <paramref name="program"/> to its end. A cancelled run kills the program and its children
    /// (a stopped build must not leave git running). A missing program answers <see cref="NotFound"/>
    /// with the reason as its error output.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken,
        string? input = null, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new ProcessResult(NotFound, "", $"{program} cannot be run ({ex.Message})");
        }

        using (process)
        using (cancellationToken.Register(() => KillQuietly(process)))
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.StandardInput.WriteAsync(input ?? "");
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It ended without reading its input: its exit code and words say why.
            }

            await process.WaitForExitAsync(cancellationToken);
            return new ProcessResult(process.ExitCode, await output, await error);
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already ended.
        }
    }
}
