using System.Diagnostics;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Runs <c>git receive-pack</c> / <c>git upload-pack</c> in stateless-RPC mode, streaming the
/// request into it and its output to the client as it is produced (push progress must arrive live).
/// Arguments are passed as a list, never through a shell.
/// </summary>
public static class GitProcess
{
    public static async Task<int> RunAsync(
        GitService service,
        string repositoryPath,
        bool advertiseRefs,
        IReadOnlyList<string> configuration,
        Stream? input,
        Stream output,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var setting in configuration)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(setting);
        }

        start.ArgumentList.Add(service.Command);
        start.ArgumentList.Add("--stateless-rpc");
        if (advertiseRefs)
        {
            start.ArgumentList.Add("--advertise-refs");
        }

        start.ArgumentList.Add(repositoryPath);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        // A client that went away must not leave git (and its hook) blocked on a full pipe.
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
        var feed = FeedAsync(input, process.StandardInput.BaseStream, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.BaseStream.CopyToAsync(output, 16 * 1024, cancellationToken);
        await feed;
        await process.WaitForExitAsync(cancellationToken);
        await errors;
        return process.ExitCode;
    }

    /// <summary>Copies the request into git's stdin and closes it, so git sees the end; shared by every git runner.</summary>
    internal static async Task FeedAsync(Stream? input, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
            {
                await input.CopyToAsync(stdin, 64 * 1024, cancellationToken);
            }
        }
        catch (IOException)
        {
            // git stopped reading (e.g. it rejected the request); its own output says why.
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
            }
        }
    }
}
